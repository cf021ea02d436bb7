/**
 * catalod's query index: a term dictionary and a quad table in shared memory. The main thread
 * writes (one graph per catalogue record, replaced whole); query workers open the same memory
 * from a snapshot and read it without a copy. As an RDF/JS Source for Comunica, its default
 * graph is the RDF merge of the record graphs (each triple once) and `countQuads` answers from
 * the indexes in O(1)/O(log n), which is what Comunica's join planning asks for.
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { fromIterable, type AsyncIterator } from 'asynciterator';
import { Dictionary, type DictionaryState } from './dictionary.js';
import { G, O, P, QuadTable, S, type Column, type QuadState } from './quads.js';
import type { LiteralCursor } from '../../query/direct.js';
import type { EncodedGraph } from '../../jobs/packed.js';
import type { BackgroundSorter } from './sorter.js';
import { sortQuads, type SortInput, type SortOutput } from './sort.js';

/** Everything a reader needs: structured-cloneable, buffers shared. */
export interface CompactState {
  dictionary: DictionaryState;
  quads: QuadState;
}

type Id = number; // -1: wildcard; -2: a term the store does not hold
export const ANY = -1;
export const NONE = -2;
const CACHE_LIMIT = 200_000;

/** The index over all record graphs. */
export class CompactStore {
  readonly dict: Dictionary;
  table: QuadTable;
  private terms = new Map<number, RDF.Term>();
  /** Ids of term objects already interned: the mapping reuses one object per predicate, class and node. */
  private known = new WeakMap<RDF.Term, number>();
  /**
   * Quads appended since the last sort above which the indexes are sorted again: at least this
   * many, and at least an eighth of the sorted part, so a large catalogue is not re-sorted for
   * every few thousand records.
   */
  deltaLimit = 250_000;

  constructor(state?: CompactState) {
    this.dict = new Dictionary(state?.dictionary);
    this.table = new QuadTable(state?.quads);
  }

  /** Opens a reader (query worker) over a snapshot. */
  static open(state: CompactState): CompactStore {
    return new CompactStore(state);
  }

  /** What a reader needs to see the store as it is now. */
  snapshot(): CompactState {
    return { dictionary: this.dict.snapshot(), quads: { ...this.table.state, indexes: [...this.table.state.indexes] } };
  }

  /** Moves a reader to a newer snapshot. */
  update(state: CompactState): void {
    (this as { dict: Dictionary }).dict = new Dictionary(state.dictionary);
    this.table = new QuadTable(state.quads);
  }

  // ---- writing (main thread) ----

  /** Replaces a graph's quads (all quads are put in `graph`, whatever their own graph says). */
  replaceGraph(graph: RDF.NamedNode, quads: readonly RDF.Quad[]): void {
    const g = this.dict.intern(graph);
    this.table.removeGraph(g);
    const ids = new Uint32Array(quads.length * 3);
    quads.forEach((q, i) => {
      ids[3 * i] = this.intern(q.subject);
      ids[3 * i + 1] = this.intern(q.predicate);
      ids[3 * i + 2] = this.intern(q.object);
    });
    this.table.append(g, ids, this.dict.count);
  }

  /** Replaces a graph's quads with an encoded graph's (src/jobs/packed.ts): its terms taken in as bytes. */
  replaceEncoded(graph: RDF.NamedNode, encoded: EncodedGraph): void {
    const g = this.dict.intern(graph);
    this.table.removeGraph(g);
    const keys = Buffer.from(encoded.keys.buffer, encoded.keys.byteOffset, encoded.keys.length);
    const ids = new Uint32Array(encoded.ends.length);
    for (let i = 0, start = 0; i < ids.length; start = encoded.ends[i++]!) ids[i] = this.dict.internBytes(keys, start, encoded.ends[i]!, encoded.hashes[i]!);
    const t = encoded.triples;
    const triples = new Uint32Array(t.length);
    for (let i = 0; i < t.length; i++) triples[i] = ids[t[i]!]!;
    this.table.append(g, triples, this.dict.count);
  }

  private intern(t: RDF.Term): number {
    let id = this.known.get(t);
    if (id === undefined) this.known.set(t, (id = this.dict.intern(t)));
    return id;
  }

  /** Deletes a graph; true when it had quads. */
  removeGraph(graph: RDF.NamedNode): boolean {
    const g = this.dict.find(graph);
    return g >= 0 && this.table.removeGraph(g) > 0;
  }

  /** Rebuilds the sorted indexes when the unsorted delta has grown past its limit (or when forced). */
  index(force = false): boolean {
    if (!force && !this.needsSort()) return false;
    this.table.rebuild(this.dict.count);
    return true;
  }

  /** Whether the unsorted delta has grown past its limit. */
  needsSort(): boolean {
    const { slots, baseEnd } = this.table.state;
    return slots - baseEnd > Math.max(this.deltaLimit, baseEnd / 8);
  }

  /**
   * Sorts everything appended so far, here or on `sorter`'s thread, and installs it; writes go on
   * meanwhile (what they append stays in the delta). `started` sees the index as the sort
   * starts (what a snapshot freezes) and gets the sort's result back.
   */
  async sort(sorter?: BackgroundSorter, started?: (state: CompactState, input: SortInput) => (sorted: SortOutput) => void): Promise<void> {
    const input = this.table.sortInput(this.dict.count);
    const finished = started?.(this.snapshot(), input);
    const sorted = sorter ? await sorter.sort(input) : sortQuads(input);
    this.table.install(sorted);
    finished?.(sorted);
  }

  // ---- reading ----

  /** Term id for a pattern position: ANY for a variable or none, NONE for a term the store does not hold. */
  id(t: RDF.Term | null | undefined): Id {
    if (!t || t.termType === 'Variable' || t.termType === 'DefaultGraph') return ANY;
    const known = this.known.get(t);
    if (known !== undefined && known < this.dict.count) return known;
    const id = this.dict.find(t);
    if (id >= 0) this.known.set(t, id);
    return id < 0 ? NONE : id;
  }

  /** The term with this id, cached. */
  term(id: number): RDF.Term {
    let t = this.terms.get(id);
    if (!t) {
      if (this.terms.size >= CACHE_LIMIT) this.terms.clear();
      t = this.dict.term(id);
      this.terms.set(id, t);
      this.known.set(t, id);
    }
    return t;
  }

  /** Live slots matching ids (ANY for wildcards); `merged`: each (s, p, o) once, over all graphs. */
  *slots(s: Id, p: Id, o: Id, g: Id, merged: boolean): Generator<number> {
    if (s === NONE || p === NONE || o === NONE || g === NONE) return;
    const t = this.table;
    const cols = t.cols;
    const fits = (slot: number) => !t.dead[slot] && (s < 0 || cols[S][slot] === s) && (p < 0 || cols[P][slot] === p) && (o < 0 || cols[O][slot] === o) && (g < 0 || cols[G][slot] === g);
    if (g >= 0 && s < 0 && p < 0 && o < 0) {
      const first = g < t.graphCount.length ? t.graphStart[g]! : 0;
      const end = Math.min(first + (g < t.graphCount.length ? t.graphCount[g]! : 0), t.state.slots);
      for (let slot = first; slot < end; slot++) if (fits(slot)) yield slot;
      return;
    }
    const { perm, lo, hi, order } = this.range(s, p, o);
    if (merged) {
      // A triple many records state (a journal's name) is a run of equal slots: yield its first
      // live one and jump past the run by binary search, instead of reading each copy.
      for (let i = lo; i < hi; ) {
        const end = runEnd(perm, cols, order, i, hi);
        for (let j = i; j < end; j++) {
          if (fits(perm[j]!)) {
            yield perm[j]!;
            break;
          }
        }
        i = end;
      }
    } else {
      for (let i = lo; i < hi; i++) if (fits(perm[i]!)) yield perm[i]!;
    }
    const seen = merged ? new Set<string>() : undefined;
    for (const slot of this.deltaSlots(s, p, o)) {
      if (!fits(slot)) continue;
      if (seen) {
        const key = `${cols[S][slot]} ${cols[P][slot]} ${cols[O][slot]}`;
        if (seen.has(key) || this.inBase(cols[S][slot]!, cols[P][slot]!, cols[O][slot]!)) continue;
        seen.add(key);
      }
      yield slot;
    }
  }

  /**
   * Slots appended since the last index build that may match: the shared chain of the subject,
   * else the object, else the predicate when one is bound (a lookup never scans the whole
   * delta), else every delta slot.
   */
  *deltaSlots(s: Id, p: Id, o: Id): Generator<number> {
    const t = this.table;
    const { baseEnd, slots } = t.state;
    if (s >= 0) yield* t.bySubject.slots(s, slots);
    else if (o >= 0) yield* t.byObject.slots(o, slots);
    else if (p >= 0) yield* t.byPredicate.slots(p, slots);
    else for (let slot = baseEnd; slot < slots; slot++) yield slot;
  }

  /** How many delta slots `deltaSlots(s, p, o)` would read (at most). */
  private deltaCount(s: Id, p: Id, o: Id): number {
    const t = this.table;
    if (s >= 0) return t.bySubject.count(s);
    if (o >= 0) return t.byObject.count(o);
    if (p >= 0) return t.byPredicate.count(p);
    return t.state.slots - t.state.baseEnd;
  }

  /** The index range holding the pattern's bound terms (the whole SPO index when none is bound). */
  range(s: Id, p: Id, o: Id): { perm: Uint32Array; lo: number; hi: number; order: readonly Column[] } {
    const t = this.table;
    const pick = s >= 0 ? 0 : p >= 0 ? 1 : o >= 0 ? 2 : 0;
    const perm = t.perms[pick]!;
    const order = t.state.indexes[pick]!.order;
    const [first, second, third] = order;
    const value = (c: Column) => (c === S ? s : c === P ? p : o);
    const key = value(first);
    if (key < 0) return { perm, lo: 0, hi: perm.length, order };
    if (key >= t.state.baseTerms) return { perm, lo: 0, hi: 0, order };
    let lo = t.starts[pick]![key]!;
    let hi = t.starts[pick]![key + 1]!;
    for (const c of [second, third]) {
      const v = value(c);
      if (v < 0) break;
      [lo, hi] = narrow(perm, t.cols[c], lo, hi, v);
    }
    return { perm, lo, hi, order };
  }

  /** Whether a live quad with this triple is in the sorted part. */
  private inBase(s: number, p: number, o: number): boolean {
    const t = this.table;
    const { perm, lo, hi } = this.range(s, p, o);
    for (let i = lo; i < hi; i++) if (!t.dead[perm[i]!]) return true;
    return false;
  }

  /** Quads matching a pattern. A default-graph pattern sees the merge of all graphs. */
  *quads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): Generator<RDF.Quad> {
    const merged = g?.termType === 'DefaultGraph';
    const cols = this.table.cols;
    for (const slot of this.slots(this.id(s), this.id(p), this.id(o), this.id(g), merged)) {
      const graph = merged ? DataFactory.defaultGraph() : (this.term(cols[G][slot]!) as RDF.NamedNode);
      yield DataFactory.quad(this.term(cols[S][slot]!) as RDF.Quad_Subject, this.term(cols[P][slot]!) as RDF.Quad_Predicate, this.term(cols[O][slot]!) as RDF.Quad_Object, graph);
    }
  }

  /** Distinct objects of (s, p, ?) over all graphs, without building quads: the direct executors' hot path. */
  objectsOf(s: RDF.Term, p: RDF.Term): RDF.Term[] {
    return this.column(this.id(s), this.id(p), ANY, O);
  }

  /** Distinct subjects of (?, p, o) over all graphs. */
  subjectsOf(p: RDF.Term, o: RDF.Term): RDF.Term[] {
    return this.column(ANY, this.id(p), this.id(o), S);
  }

  private column(s: Id, p: Id, o: Id, col: Column): RDF.Term[] {
    const ids = new Set<number>();
    for (const slot of this.slots(s, p, o, ANY, true)) ids.add(this.table.cols[col][slot]!);
    return [...ids].map((id) => this.term(id));
  }

  /**
   * Each (?, p, literal) triple of the merged graph once, as a cursor: the literal's lexical form
   * read from the dictionary, its terms made (and cached) only when asked for.
   * @example
   * for (const c of store.literalsOf(headline)) if (c.text.includes('peer')) rows.push([c.subject(), c.object()]);
   */
  *literalsOf(p: RDF.Term): Generator<LiteralCursor> {
    const cols = this.table.cols;
    let s = 0, o = 0;
    const cursor: LiteralCursor = { text: '', subject: () => this.term(s), object: () => this.term(o) };
    for (const slot of this.slots(ANY, this.id(p), ANY, ANY, true)) {
      const key = this.dict.key(cols[O][slot]!);
      if (key[0] === '<' || key[0] === '_') continue;
      s = cols[S][slot]!;
      o = cols[O][slot]!;
      cursor.text = key.slice(key.indexOf('"') + 1);
      yield cursor;
    }
  }

  /** RDF/JS Source `match`, for Comunica. */
  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): AsyncIterator<RDF.Quad> {
    return fromIterable(this.quads(s, p, o, g));
  }

  /** Cardinality for join planning: index range sizes (an upper bound where quads were deleted or repeat across graphs). */
  countQuads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): number {
    return this.count(this.id(s), this.id(p), this.id(o), this.id(g));
  }

  /** `countQuads` on ids. */
  count(si: Id, pi: Id, oi: Id, gi: Id): number {
    if (si === NONE || pi === NONE || oi === NONE || gi === NONE) return 0;
    const t = this.table;
    if (gi >= 0 && si < 0 && pi < 0 && oi < 0) return gi < t.graphCount.length ? t.graphCount[gi]! : 0;
    const { lo, hi } = this.range(si, pi, oi);
    return hi - lo + this.deltaCount(si, pi, oi);
  }

  /** [quads, distinct subjects, distinct objects] of a predicate in the sorted part, if it has any there. */
  predicateStats(p: Id): readonly [number, number, number] | undefined {
    if (this.statsFor !== this.table.state.predicates) {
      this.statsFor = this.table.state.predicates;
      this.stats = new Map(this.statsFor.map(([id, n, ds, dO]) => [id, [n, ds, dO] as const]));
    }
    return this.stats.get(p);
  }
  private statsFor?: CompactState['quads']['predicates'];
  private stats = new Map<number, readonly [number, number, number]>();

  /** Every graph that holds quads, by IRI. */
  *graphs(): Generator<string> {
    const t = this.table;
    const n = Math.min(t.graphCount.length, this.dict.count);
    for (let g = 0; g < n; g++) if (t.graphCount[g]! > 0) yield (this.term(g) as RDF.NamedNode).value;
  }

  /** Every live quad, graph by graph (dumps). */
  *allQuads(): Generator<RDF.Quad> {
    for (const graph of this.graphs()) yield* this.quads(null, null, null, DataFactory.namedNode(graph));
  }

  /** How many live quads there are. */
  size(): number {
    return this.table.state.live;
  }

  /**
   * How many distinct triples the merged default graph holds (a triple several records state
   * counts once): one pass over the index, cached until a graph is replaced or removed.
   * @example
   * store.triples(); // what `SELECT (COUNT(*) AS ?n) { ?s ?p ?o }` counts
   */
  triples(): number {
    const key = `${this.table.state.slots}:${this.table.state.live}`;
    if (this.tripleCount?.key !== key) {
      let n = 0;
      for (const it = this.slots(ANY, ANY, ANY, ANY, true); !it.next().done; ) n++;
      this.tripleCount = { key, n };
    }
    return this.tripleCount.n;
  }
  private tripleCount?: { key: string; n: number };
}

/** The end of the run of slots in perm[i, hi) holding the same triple as perm[i] (the range is sorted by `order`). */
function runEnd(perm: Uint32Array, cols: Uint32Array[], order: readonly Column[], i: number, hi: number): number {
  if (i + 1 >= hi) return hi;
  const [a, b, c] = [cols[order[0]!]!, cols[order[1]!]!, cols[order[2]!]!];
  const slot = perm[i]!;
  const same = (x: number) => a[x] === a[slot] && b[x] === b[slot] && c[x] === c[slot];
  // Most triples are stated once: check the next slot before searching.
  if (!same(perm[i + 1]!)) return i + 1;
  let step = 2, lo = i + 1;
  while (i + step < hi && same(perm[i + step]!)) (lo = i + step), (step *= 2);
  let end = Math.min(i + step, hi);
  while (lo + 1 < end) {
    const m = (lo + end) >>> 1;
    if (same(perm[m]!)) lo = m;
    else end = m;
  }
  return end;
}

/** The sub-range of perm[lo, hi) whose column value equals v (the range is sorted by that column). */
function narrow(perm: Uint32Array, col: Uint32Array, lo: number, hi: number, v: number): [number, number] {
  let a = lo, b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (col[perm[m]!]! < v) a = m + 1;
    else b = m;
  }
  let c = a, d = hi;
  while (c < d) {
    const m = (c + d) >>> 1;
    if (col[perm[m]!]! <= v) c = m + 1;
    else d = m;
  }
  return [a, c];
}
