/**
 * What the catalogues share for the ORCID table: which stored records each work key names (so a
 * change re-derives only the works it names), and the per-row answer to a change.
 */
import type { OrcidOutcome } from '../catalog.js';
import type { Converted } from '../convert.js';
import { DataFactory } from 'n3';
import { authorIndex, type OrcidEntry } from '../orcid.js';
import { identifierIri, recordIri } from '../mapping/iris.js';
import { ANY, type CompactStore } from '../store/compact/store.js';
import { G } from '../store/compact/quads.js';

/**
 * Record ids by work key (`doi:…`, `pmid:…`, `pmcid:…`), kept as records come and go.
 * @example
 * const works = new WorkRecords();
 * works.set('pubmed-9158348', ['doi:10.1186/s12888-022-03999-9', 'pmid:35650562']);
 * works.records('pmid:35650562'); // ['pubmed-9158348']
 */
export class WorkRecords implements WorkLookup {
  private readonly byKey = new Map<string, Set<string>>();
  private readonly byRecord = new Map<string, string[]>();

  /** Files a record under its work's keys (replacing what it was filed under). */
  set(id: string, keys: string[]): void {
    this.remove(id);
    this.byRecord.set(id, keys);
    for (const key of keys) this.byKey.set(key, (this.byKey.get(key) ?? new Set()).add(id));
  }

  /** Forgets a record. */
  remove(id: string): void {
    for (const key of this.byRecord.get(id) ?? []) {
      const ids = this.byKey.get(key);
      ids?.delete(id);
      if (ids?.size === 0) this.byKey.delete(key);
    }
    this.byRecord.delete(id);
  }

  /** The ids of the records of the work filed under `key`. */
  records(key: string): string[] {
    return [...(this.byKey.get(key) ?? [])];
  }
}

/** Where record ids are looked up by work key. */
export interface WorkLookup {
  /** The ids of the records of the work filed under `key`. */
  records(key: string): string[];
}

/**
 * Record ids by work key, read from the index itself: the record graphs that state the work's
 * identifier node (`<base>id/doi/…`). Nothing to keep in memory or to restore after a restart.
 * @example
 * new IndexedWorks(store, base).records('pmid:35650562'); // ['pubmed-9158348']
 */
export class IndexedWorks implements WorkLookup {
  constructor(private readonly store: CompactStore, private readonly base: string) {}

  records(key: string): string[] {
    const colon = key.indexOf(':');
    const node = this.store.id(DataFactory.namedNode(identifierIri(this.base, key.slice(0, colon), key.slice(colon + 1))));
    if (node < 0) return [];
    const prefix = recordIri(this.base, '');
    const ids = new Set<string>();
    for (const slot of this.store.slots(ANY, ANY, node, ANY, false)) {
      const graph = this.store.term(this.store.table.cols[G][slot]!).value;
      if (graph.startsWith(prefix)) ids.add(decodeURIComponent(graph.slice(prefix.length)));
    }
    return [...ids];
  }
}

/** The key a row is stored under: one iD per author of a work. */
export const orcidRowKey = (e: Pick<OrcidEntry, 'work' | 'author'>): string => `${e.work}\u0000${e.author.toLowerCase()}`;

/**
 * The answer for each row of a change, given the records re-derived per work key: a work with no
 * record here, or an author the records do not have, is said, never passed over.
 * @example
 * changeOutcomes([{ work: 'pmid:1', author: '2', orcid: '0000-0002-1825-0097', line: 2 }], new Map(), { put: true });
 * // [{ line: 2, work: 'pmid:1', …, ok: true, records: [], warnings: ['no work pmid:1 in the catalogue: …'] }]
 */
export function changeOutcomes(entries: readonly OrcidEntry[], rederived: ReadonlyMap<string, Converted[]>, change: { put: boolean; removed?: boolean[] }): OrcidOutcome[] {
  return entries.map((e, i) => {
    const converted = rederived.get(e.work) ?? [];
    const answer: OrcidOutcome = { line: e.line, work: e.work, author: e.author, orcid: e.orcid || undefined, ok: true, records: converted.map((c) => c.work.record.id.value), warnings: [] };
    if (change.removed && !change.removed[i]) return { ...answer, ok: false, error: `no ORCID row for author "${e.author}" of ${e.work}` };
    if (!change.put) return answer;
    if (converted.length === 0) answer.warnings.push(`no work ${e.work} in the catalogue: kept, and attached when a record of it is stored`);
    for (const c of converted) {
      if (authorIndex(c.work, e.author) < 0) answer.warnings.push(`no author "${e.author}" in record ${c.work.record.id.value}; not attached there`);
    }
    return answer;
  });
}

/**
 * Converts again, once each, the records of the works `entries` name (and only those), by work key:
 * what a change to the ORCID table re-derives. `reconvert` converts one record and replaces its graph.
 * @example
 * const byKey = rederiveWorks(entries, works, (id) => reconvert(id, touched));
 */
export function rederiveWorks(entries: readonly Pick<OrcidEntry, 'work'>[], works: WorkLookup, reconvert: (id: string) => Converted | undefined): Map<string, Converted[]> {
  const byKey = new Map<string, Converted[]>();
  const done = new Map<string, Converted | undefined>();
  for (const key of new Set(entries.map((e) => e.work))) {
    for (const id of works.records(key)) {
      if (!done.has(id)) done.set(id, reconvert(id));
      const converted = done.get(id);
      if (converted) byKey.set(key, [...(byKey.get(key) ?? []), converted]);
    }
  }
  return byKey;
}
