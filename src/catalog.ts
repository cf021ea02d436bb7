/**
 * The catalogue service the HTTP server and CLI commands stand on: records kept safely, their
 * graphs indexed, resources described, queries run. Implementations: `src/catalog/*.ts`.
 */
import type * as RDF from '@rdfjs/types';
import type { QueryRunner } from './query/types.js';
import type { OrcidEntry } from './orcid.js';

/** A body to ingest: text, or its UTF-8 bytes, whole or streamed (an HTTP request's body). */
export type IngestBody = string | Uint8Array | AsyncIterable<Uint8Array>;

/** What happened to one record of an ingest. */
export interface IngestOutcome {
  /** 1-based index of the record in the request body. */
  index: number;
  /** Line of the body the record started on. */
  line: number;
  /** Catalogue record id (e.g. `pubmed-9158348`), when known. */
  id?: string;
  ok: boolean;
  /** The work's IRI and the record's IRI (also its graph name), for a stored record. */
  work?: string;
  record?: string;
  warnings: string[];
  error?: string;
}

/** What happened to one row of an ORCID table change. */
export interface OrcidOutcome {
  /** CSV line, or 1-based index of a JSON row. */
  line: number;
  /** Work key (`doi:…`, `pmid:…`, `pmcid:…`). */
  work: string;
  author: string;
  orcid?: string;
  ok: boolean;
  /** Ids of the stored records re-derived for this row's work. */
  records: string[];
  warnings: string[];
  error?: string;
}

/** Numbers for the home page, VoID and /health. */
export interface CatalogStats {
  records: number;
  quads: number;
  /** Distinct triples of the merged default graph (may be estimated as quads when unknown). */
  triples?: number;
}

/** The state of the store behind a catalogue that runs in front of one (/health). */
export interface StoreStatus {
  /** The store's query endpoint. */
  endpoint: string;
  /** Since when and why it cannot be reached; absent while it answers. */
  down?: { since: string; error: string };
  /** Records committed here and not yet in the store (the writer only). */
  pending?: number;
  /** The change number every record up to which is in the store (the writer only). */
  delivered?: number;
}

export interface Catalog {
  readonly base: string;
  /** Goes up with every change (ingest, delete): what was derived from an older state is stale. */
  readonly generation: number;
  /** The IRIs whose description changed after `generation`; undefined when that is too long ago to say. */
  changedSince(generation: number): ReadonlySet<string> | undefined;
  /** Converts and stores every record in `body` (text, or its UTF-8 bytes, whole or as they arrive); acknowledged records are committed before this resolves. */
  ingest(body: IngestBody, file: string): Promise<IngestOutcome[]>;
  /** Deletes a record (by catalogue record id) and its graph; false when unknown. */
  delete(id: string): Promise<boolean>;
  /** Stores ORCID rows (one iD per work and author) and re-derives only the works they name; committed before this resolves. */
  putOrcids(entries: OrcidEntry[]): Promise<OrcidOutcome[]>;
  /** Removes ORCID rows (by work and author) and re-derives only the works they named. */
  deleteOrcids(entries: OrcidEntry[]): Promise<OrcidOutcome[]>;
  /** All quads about `iri` for its Linked Data resource (merged over graphs; empty when unknown), a page at a time (1 by default; see src/store/describe.ts). */
  describe(iri: string, page?: number): RDF.Quad[] | Promise<RDF.Quad[]>;
  /** Every quad of every record graph, for dumps. */
  dump(): Iterable<RDF.Quad>;
  /** False when this catalogue cannot list its quads (a read-only front of a store): no dumps are offered. */
  readonly dumps?: boolean;
  /** Most recently stored records. */
  recent(limit: number): { id: string; received: string; record: string }[];
  stats(): CatalogStats;
  readonly queries: QueryRunner;
  /** True when descriptions are read from another server (a SPARQL store): reading one is waiting, not work for this thread. */
  readonly readsElsewhere?: boolean;
  /** In front of a SPARQL store (serve --store): whether it answers, and what waits to be sent to it. */
  storeStatus?(): StoreStatus;
  /** Why writes are refused (e.g. a read-only data folder); undefined when they are taken. */
  readonly readOnly?: string;
  close(): Promise<void>;
}
