/**
 * The one internal model every reader produces and every writer consumes.
 * Each extracted value carries `from`: the field it was read from, so a value is always traceable.
 */

/** Where a record stands in its input: file name, 1-based line of its first line, 1-based index. */
export interface SourceRef {
  file: string;
  line: number;
  index: number;
}

/** A value and the field it came from (`author`, `spelling`, `top:Publicado`, `derived:…`). */
export interface Found<T = string> {
  value: T;
  from: string;
}

/** One author as the record states it; `family`/`given` only where the record separates them. */
export interface Author {
  name: string;
  family?: string;
  given?: string;
  from: string;
  /** ORCID iD (bare `XXXX-XXXX-XXXX-XXXX`), only when attached from a trusted `--orcid` file. */
  orcid?: string;
}

/** A problem worth telling the user about; never fatal on its own. */
export interface Warning {
  message: string;
  line?: number;
}

/** Catalogue-side facts: the record is a document about the work. */
export interface CatalogueRecord {
  id: Found;
  collection?: Found;
  institution?: Found;
  recordFormat?: Found;
  version?: Found;
  formats: Found[];
}

/** A scholarly article as one catalogue record describes it. */
export interface Work {
  source: SourceRef;
  /** The input layout the reader recognised (`page`, `solr-json`, …). */
  layout: string;
  record: CatalogueRecord;
  title?: Found;
  subtitle?: Found;
  abstract?: Found;
  authors: Author[];
  doi?: Found;
  pmid?: Found;
  pmcid?: Found;
  journal?: Found;
  publisher?: Found;
  /** ISO date: `YYYY-MM-DD` where the day is known. */
  date?: Found;
  year?: Found;
  /** BCP 47 tag, e.g. `en`. */
  language?: Found;
  /** Canonical Creative Commons IRI. */
  license?: Found;
  copyright?: Found;
  topics: Found[];
  urls: Found[];
  warnings: Warning[];
}

/** A record the reader could not turn into a work: reported, then skipped. */
export interface RecordError {
  source: SourceRef;
  recordId?: string;
  message: string;
}
