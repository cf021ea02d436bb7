import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labels } from '../../src/readers/labels.js';
import { vocabPath } from '../../src/vocab.js';

describe('record page labels', () => {
  it('every UI language gives every label kind, so a third language is one complete entry', () => {
    const table = JSON.parse(readFileSync(vocabPath('labels.json'), 'utf8')) as Record<string, Record<string, string[]>>;
    const languages = Object.keys(table).filter((k) => !k.startsWith('$'));
    expect(languages).toEqual(['es', 'en']);
    const kinds = Object.keys(table.en!).sort();
    for (const lang of languages) expect(Object.keys(table[lang]!).sort(), lang).toEqual(kinds);
  });

  it('maps row labels of both languages, case-insensitively, to what they fill', () => {
    const { rows } = labels();
    expect(rows.get('autores principales')).toBe('authors');
    expect(rows.get('main authors')).toBe('authors');
    expect(rows.get('otros autores')).toBe('others');
    expect(rows.get('other authors')).toBe('others');
    expect(rows.get('acceso en línea')).toBe('online');
    expect(rows.get('online access')).toBe('online');
    expect(rows.get('lenguaje')).toBe('language');
    expect(rows.get('published')).toBe('published');
  });

  it('knows the markers that are no rows: loading, tabs, similar items', () => {
    const { markers, rows } = labels();
    expect(markers.get('cargando…')).toBe('loading');
    expect(markers.get('loading...')).toBe('loading');
    expect(markers.get('descripción completa')).toBe('tabs');
    expect(markers.get('staff view')).toBe('tabs');
    expect(markers.get('ejemplares similares')).toBe('similar');
    expect(markers.get('similar items')).toBe('similar');
    expect(rows.has('similar items')).toBe(false);
  });
});
