/**
 * The readers take third-party text line by line: every line shape must be read in time linear
 * in its length, and no line may break the read of the whole input.
 */
import { describe, expect, it } from 'vitest';
import { isRecordError, readText, type RawRecord } from '../../src/readers/index.js';
import { ALL_RUNS, SPACE_RUNS, timed } from '../extract/adversarial.js';

/** The records a text reads to; fails on a read error. */
function records(text: string): RawRecord[] {
  return readText(text, 'page.txt').map((item) => {
    if (isRecordError(item)) throw new Error(item.message);
    return item;
  });
}

/** A run on one line: line breaks in it would make it many lines. */
const oneLine = (run: string) => run.replace(/\n/g, ' ');

describe('page lines: linear on hostile runs', () => {
  for (const [name, run] of Object.entries(ALL_RUNS))
    it(`a run of ${name} in a title, a label row, a pipe cell and a staff line`, () => {
      const line = oneLine(run);
      const top = timed(() => records(`A title ${line}\nAutores principales: Lindqvist, Maja ${line}\nLenguaje: English${line}x\n`));
      expect(top).toHaveLength(1);
      expect(top[0]!.top!.rows.get('authors')!.values[0]!.startsWith('Lindqvist, Maja')).toBe(true);
      const staff = timed(() => records(`title | A title |\nid | pubmed-1 |\ndescription | BACKGROUND: a.${line}x |\nspelling | Text en © ${line}x |\n`));
      expect(staff[0]!.fields.get('id')!.values).toEqual(['pubmed-1']);
      const lines = timed(() => records(`title A title\nid pubmed-1\nspelling Text en © ${line}x\n`));
      expect(lines[0]!.fields.get('id')!.values).toEqual(['pubmed-1']);
    });

  for (const [name, run] of Object.entries(SPACE_RUNS))
    it(`a run of ${name} inside a pipe row's continuation lines`, () => {
      const [record] = timed(() => records(`A title\nAutores principales: | Lindqvist, Maja |\nPublicado: |\n| BioMed Central${oneLine(run)}2022\n|\n`));
      expect(record!.top!.rows.get('published')!.values).toEqual([`BioMed Central${oneLine(run)}2022`]);
    });
});

describe('a stray carriage return or line separator inside a line', () => {
  for (const stray of ['\r', '\u2028', '\u2029'])
    it(`U+${stray.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} neither breaks the read nor hides the row`, () => {
      const [record] = records(`A title\nAutores principales: Lindqvist, Maja\nfoo bar${stray}baz\nLenguaje: English${stray}x\n`);
      expect(record!.top!.title).toBe('A title');
      expect(record!.top!.rows.get('language')!.values).toEqual([`English${stray}x`]);
    });
});
