/** What a reader hands to extraction: fields as the input gave them, before any interpretation. */
import type { SourceRef } from '../model.js';

/** A field's values. `joined`: the page ran several values together into one string. */
export interface RawField {
  values: string[];
  joined: boolean;
  line: number;
}

/** A labelled row of a page's top block, keyed by what it fills (`authors`, `published`, …). */
export interface TopRow {
  label: string;
  values: string[];
  line: number;
}

/** The page's short view: title, cut-short abstract, labelled rows. */
export interface TopBlock {
  title?: string;
  titleLine?: number;
  teaser?: string;
  rows: Map<string, TopRow>;
}

/** One record as read, with the Solr fields (staff view or JSON doc) and/or the top block. */
export interface RawRecord {
  source: SourceRef;
  layout: string;
  fields: Map<string, RawField>;
  top?: TopBlock;
  /** Text of the whole record, for a deterministic id when the record has none. */
  text: string;
}

/** A year as a page prints it in a `Published` row (`2022`, `c2022`, `2022-06-01`). */
export const YEAR = /(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)/;
