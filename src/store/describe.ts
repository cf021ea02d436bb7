/**
 * Linked Data descriptions answered from the index directly (never through SPARQL), a page at a
 * time: a hub (a collection, a journal, an institution) is linked from every record, so its
 * description is cut into pages of at most `DESCRIBE_PAGE_SIZE` statements each way, and the
 * page says where the next one is (Hydra paging statements). Reading a page costs the page and
 * the slots skipped to reach it: never the whole hub.
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { ANY, type CompactStore } from './compact/store.js';
import { G, O, P, S } from './compact/quads.js';
import { NS, RDF_TYPE } from '../rdf/namespaces.js';

/** Statements per page of a description, each way: the resource's own, and those pointing to it. */
export const DESCRIBE_PAGE_SIZE = 500;
/** Catalogue records per page of a work's description (each brings its whole graph). */
export const WORK_RECORDS_PER_PAGE = 100;
/** Hydra Core, whose paging terms say where a description's other pages are. */
export const HYDRA = 'http://www.w3.org/ns/hydra/core#';

const PRIMARY_TOPIC = `${NS.foaf}primaryTopic`;
const { namedNode, quad } = DataFactory;

export interface DescribeOptions {
  /** 1-based page (default 1). */
  page?: number;
  /** Statements per page each way (default `DESCRIBE_PAGE_SIZE`); a work's records per page is `WORK_RECORDS_PER_PAGE`. */
  pageSize?: number;
}

/** A slice of a lazily read sequence, and whether anything follows it. */
interface Slice<T> {
  items: T[];
  more: boolean;
}

/** Items `[skip, skip + take)` of `items`, reading one past the end to know whether more follow. */
function slice<T>(items: Iterable<T>, skip: number, take: number): Slice<T> {
  const out: T[] = [];
  let seen = 0;
  for (const item of items) {
    if (seen++ < skip) continue;
    if (out.length === take) return { items: out, more: true };
    out.push(item);
  }
  return { items: out, more: false };
}

/** The triple in a slot of the index, in the default graph. */
function tripleAt(store: CompactStore, slot: number): RDF.Quad {
  const cols = store.table.cols;
  return quad(store.term(cols[S][slot]!) as RDF.Quad_Subject, store.term(cols[P][slot]!) as RDF.Quad_Predicate, store.term(cols[O][slot]!) as RDF.Quad_Object);
}

/** The distinct record graphs whose record has `node` as its primary topic, in index order. */
function* topicGraphs(store: CompactStore, node: number): Generator<number> {
  const seen = new Set<number>();
  for (const slot of store.slots(ANY, store.id(namedNode(PRIMARY_TOPIC)), node, ANY, false)) {
    const g = store.table.cols[G][slot]!;
    if (seen.has(g)) continue;
    seen.add(g);
    yield g;
  }
}

/**
 * The `page`-th page of what a resource's page shows: for a work, every triple of its record
 * graphs (`WORK_RECORDS_PER_PAGE` records a page); for anything else, the triples with it as
 * subject and those pointing to it (`pageSize` of each a page, in index order). Triples, each
 * once. A description cut into pages carries Hydra statements naming this page, the first, the
 * previous and the next (`pageLinks` reads them back); an empty array: no such resource or page.
 * @example
 * describe(store, `${base}collection/pubmed`, { page: 2 }); // statements 501–1000 each way, and hydra:next
 */
export function describe(store: CompactStore, iri: string, options: DescribeOptions = {}): RDF.Quad[] {
  const page = options.page ?? 1;
  const node = store.id(namedNode(iri));
  if (node < 0 || !Number.isSafeInteger(page) || page < 1) return [];
  const isWork = !topicGraphs(store, node).next().done;
  const found = isWork ? workSlots(store, node, page) : resourceSlots(store, node, page, options.pageSize ?? DESCRIBE_PAGE_SIZE);
  // Past the end. (A page of deleted statements only, until the index is sorted again, still links on.)
  if (!found.items.length) return [];
  const out = distinctTriples(store, found.items);
  if (!out.length && page === 1) return [];
  if (found.more || page > 1) out.push(...pagingQuads(iri, page, found.more));
  return out;
}

/** The slots of a work's page: every quad of `WORK_RECORDS_PER_PAGE` of its record graphs. */
function workSlots(store: CompactStore, node: number, page: number): Slice<number> {
  const graphs = slice(topicGraphs(store, node), (page - 1) * WORK_RECORDS_PER_PAGE, WORK_RECORDS_PER_PAGE);
  return { items: graphs.items.flatMap((g) => [...store.slots(ANY, ANY, ANY, g, false)]), more: graphs.more };
}

/** The slots of any other resource's page: `size` of its own statements and `size` of those pointing to it. */
function resourceSlots(store: CompactStore, node: number, page: number, size: number): Slice<number> {
  const own = positions(store, node, ANY, (page - 1) * size, size);
  const incoming = positions(store, ANY, node, (page - 1) * size, size);
  return { items: [...own.items, ...incoming.items], more: own.more || incoming.more };
}

/**
 * Slots `[skip, skip + take)` of the pattern (s, ?, o) by position: the sorted index range by
 * arithmetic, then the delta chain. Positions count deleted slots and a triple each graph states,
 * so a deep page costs no walk to it; a page may hold fewer live triples than `take`, and a triple
 * on a page's edge may show on the next page too (the same triple, one statement).
 */
function positions(store: CompactStore, s: number, o: number, skip: number, take: number): Slice<number> {
  const { perm, lo, hi } = store.range(s, ANY, o);
  const out: number[] = [];
  let at = lo + skip;
  for (; at < hi && out.length < take; at++) out.push(perm[at]!);
  let skipDelta = Math.max(0, skip - (hi - lo));
  for (const slot of store.deltaSlots(s, ANY, o)) {
    if (skipDelta-- > 0) continue;
    if (out.length === take) return { items: out, more: true };
    out.push(slot);
  }
  return { items: out, more: at < hi };
}

/** The live triples in `slots`, each once whatever graphs state it (compared by term ids, made into terms once). */
function distinctTriples(store: CompactStore, slots: number[]): RDF.Quad[] {
  const { cols, dead } = store.table;
  const seen = new Set<string>();
  const out: RDF.Quad[] = [];
  for (const slot of slots) {
    if (dead[slot]) continue;
    const key = `${cols[S][slot]} ${cols[P][slot]} ${cols[O][slot]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(tripleAt(store, slot));
  }
  return out;
}

/**
 * The IRI of page `page` of a resource's description: `?page=N` on the resource's own IRI.
 * @example
 * pageIri(`${base}collection/pubmed`, 2); // 'http://localhost:3000/collection/pubmed?page=2'
 */
export function pageIri(iri: string, page: number): string {
  return `${iri}?page=${page}`;
}

/** `<iri> hydra:view <page>`, the page a `hydra:PartialCollectionView` with its first, previous and next pages. */
export function pagingQuads(iri: string, page: number, more: boolean): RDF.Quad[] {
  const view = namedNode(pageIri(iri, page));
  const out = [
    quad(namedNode(iri), namedNode(`${HYDRA}view`), view),
    quad(view, namedNode(RDF_TYPE), namedNode(`${HYDRA}PartialCollectionView`)),
    quad(view, namedNode(`${HYDRA}first`), namedNode(pageIri(iri, 1))),
  ];
  if (page > 1) out.push(quad(view, namedNode(`${HYDRA}previous`), namedNode(pageIri(iri, page - 1))));
  if (more) out.push(quad(view, namedNode(`${HYDRA}next`), namedNode(pageIri(iri, page + 1))));
  return out;
}

/** Where a paged description's pages are. */
export interface PageLinks {
  page: number;
  first: string;
  previous?: string;
  next?: string;
}

/**
 * The paging statements of a description read back (for `Link` headers and page navigation);
 * undefined when the description is whole.
 * @example
 * pageLinks(describe(store, hub), hub); // { page: 1, first: '…/collection/pubmed?page=1', next: '…?page=2' }
 */
export function pageLinks(quads: readonly RDF.Quad[], iri: string): PageLinks | undefined {
  const view = quads.find((q) => q.subject.value === iri && q.predicate.value === `${HYDRA}view`)?.object.value;
  if (!view) return undefined;
  const about = (p: string) => quads.find((q) => q.subject.value === view && q.predicate.value === `${HYDRA}${p}`)?.object.value;
  const page = Number(new URL(view).searchParams.get('page'));
  return { page, first: about('first') ?? pageIri(iri, 1), previous: about('previous'), next: about('next') };
}
