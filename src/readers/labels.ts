/** The record page's UI labels, from `vocab/labels.json`, as lookups. */
import { vocabJson } from '../vocab.js';

export type LabelKey =
  | 'authors' | 'others' | 'format' | 'language' | 'published' | 'series' | 'subjects' | 'online'
  | 'loading' | 'tabs' | 'similar' | 'by';

type LabelTable = Record<string, Record<LabelKey, string[]>>;

/** Which field a row label fills, e.g. `autores principales` → `authors` (keys lower-cased). */
export interface Labels {
  rows: Map<string, LabelKey>;
  markers: Map<string, LabelKey>;
}

const ROW_KEYS: LabelKey[] = ['authors', 'others', 'format', 'language', 'published', 'series', 'subjects', 'online'];

let built: Labels | undefined;

/** Builds the lookups once from every language in the table. */
export function labels(): Labels {
  if (built) return built;
  const table = vocabJson<LabelTable>('labels.json');
  const rows = new Map<string, LabelKey>();
  const markers = new Map<string, LabelKey>();
  for (const [lang, entry] of Object.entries(table)) {
    if (lang.startsWith('$')) continue;
    for (const [key, names] of Object.entries(entry) as [LabelKey, string[]][])
      for (const name of names)
        (ROW_KEYS.includes(key) ? rows : markers).set(name.toLowerCase(), key);
  }
  return (built = { rows, markers });
}
