/**
 * The term dictionary: every RDF term once, as an integer id. Keys live as UTF-8 in shared
 * memory with an open-addressing hash table beside them, so query workers look terms up and
 * decode them without a copy of their own. Only the main thread adds terms.
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { Iri, Lit } from '../../rdf/terms.js';
import { ensureBytes, growableBuffer } from './growable.js';

/** The shared buffers of a dictionary, and how many terms a reader may see. */
export interface DictionaryState {
  bytes: SharedArrayBuffer;
  offsets: SharedArrayBuffer;
  hashes: SharedArrayBuffer;
  table: SharedArrayBuffer;
  count: number;
  byteLength: number;
}

/**
 * A term as one string, cheap to build and to parse, with no escaping: `<iri`, `_label`,
 * `"text` (xsd:string), `@lang"text`, `^datatype"text`.
 */
export function termKey(t: RDF.Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}`;
    case 'BlankNode':
      return `_${t.value}`;
    case 'Literal': {
      const lit = t as RDF.Literal;
      if (lit.language) return `@${lit.language}"${lit.value}`;
      if (lit.datatype.value === 'http://www.w3.org/2001/XMLSchema#string') return `"${lit.value}`;
      return `^${lit.datatype.value}"${lit.value}`;
    }
    default:
      throw new Error(`cannot store a ${t.termType} term`);
  }
}

/** The term a key stands for. */
export function keyTerm(key: string): RDF.Term {
  switch (key[0]) {
    case '<':
      return new Iri(key.slice(1));
    case '_':
      return DataFactory.blankNode(key.slice(1));
    case '"':
      return new Lit(key.slice(1));
    default: {
      const quote = key.indexOf('"');
      const tag = key.slice(1, quote);
      return new Lit(key.slice(quote + 1), key[0] === '@' ? tag : new Iri(tag));
    }
  }
}

/** FNV-1a over UTF-16 code units: the same on every thread, no encoding needed. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Reads (and, on the main thread, writes) a shared dictionary. */
export class Dictionary {
  private bytes: Buffer;
  private offsets: Uint32Array;
  private hashes: Uint32Array;
  private table: Int32Array;
  private scratch = Buffer.allocUnsafe(1024);
  /** UTF-8 length of the key the last lookup left in `scratch`. */
  private encoded = 0;
  count: number;
  byteLength: number;

  constructor(private state: DictionaryState = Dictionary.empty()) {
    this.bytes = Buffer.from(state.bytes);
    this.offsets = new Uint32Array(state.offsets);
    this.hashes = new Uint32Array(state.hashes);
    this.table = new Int32Array(state.table);
    this.count = state.count;
    this.byteLength = state.byteLength;
  }

  /** Fresh, empty buffers. */
  static empty(): DictionaryState {
    return {
      bytes: growableBuffer(1 << 20),
      offsets: growableBuffer(1 << 16),
      hashes: growableBuffer(1 << 16),
      table: new SharedArrayBuffer(4 * (1 << 16)),
      count: 0,
      byteLength: 0,
    };
  }

  /** The buffers and counts to hand to a reader. */
  snapshot(): DictionaryState {
    return { ...this.state, count: this.count, byteLength: this.byteLength };
  }

  /** Id of a term, or -1 when the dictionary does not hold it. */
  find(t: RDF.Term): number {
    return this.findKey(termKey(t));
  }

  /** Id of a key, or -1. */
  findKey(key: string): number {
    const mask = this.table.length - 1;
    const length = (this.encoded = this.encode(key));
    for (let slot = hashKey(key) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.table[slot]!;
      if (entry === 0) return -1;
      const id = entry - 1;
      if (id < this.count && this.matches(id, length)) return id;
    }
  }

  /** Id of a term, adding it when new (main thread only). */
  intern(t: RDF.Term): number {
    return this.internKey(termKey(t));
  }

  /** Id of a key (see termKey), adding it when new (main thread only). */
  internKey(key: string): number {
    const found = this.findKey(key);
    return found >= 0 ? found : this.add(key, this.encoded);
  }

  /**
   * Id of a key given as UTF-8 bytes `source[start, end)` with its hash (see hashKey), adding it
   * when new (main thread only): what a conversion thread's encoded graph brings, taken in
   * without a string.
   */
  internBytes(source: Buffer, start: number, end: number, hash: number): number {
    const length = end - start;
    const mask = this.table.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.table[slot]!;
      if (entry === 0) break;
      const id = entry - 1;
      if (id >= this.count || this.hashes[id] !== hash) continue;
      const from = this.offsets[id]!;
      const to = id + 1 < this.count ? this.offsets[id + 1]! : this.byteLength;
      if (to - from === length && source.compare(this.bytes, from, to, start, end) === 0) return id;
    }
    const id = this.count;
    ensureBytes(this.state.bytes, this.byteLength + length);
    ensureBytes(this.state.offsets, 4 * (id + 2));
    ensureBytes(this.state.hashes, 4 * (id + 2));
    this.refresh();
    this.bytes.set(source.subarray(start, end), this.byteLength);
    this.offsets[id] = this.byteLength;
    this.hashes[id] = hash;
    this.byteLength += length;
    this.count = id + 1;
    if (this.count * 2 > this.table.length) this.rehash();
    else this.place(id);
    return id;
  }

  /** The term with this id. */
  term(id: number): RDF.Term {
    return keyTerm(this.key(id));
  }

  /** The key with this id. */
  key(id: number): string {
    return this.bytes.toString('utf8', this.offsets[id], id + 1 < this.count ? this.offsets[id + 1] : this.byteLength);
  }

  /** Adds a key; `length`: its UTF-8 length when it is in the scratch buffer already (a lookup just encoded it). */
  private add(key: string, length = this.encode(key)): number {
    const id = this.count;
    ensureBytes(this.state.bytes, this.byteLength + length);
    ensureBytes(this.state.offsets, 4 * (id + 2));
    ensureBytes(this.state.hashes, 4 * (id + 2));
    this.refresh();
    this.bytes.set(this.scratch.subarray(0, length), this.byteLength);
    this.offsets[id] = this.byteLength;
    this.hashes[id] = hashKey(key);
    this.byteLength += length;
    this.count = id + 1;
    if (this.count * 2 > this.table.length) this.rehash();
    else this.place(id);
    return id;
  }

  /** Puts an id in the hash table. */
  private place(id: number): void {
    const mask = this.table.length - 1;
    let slot = this.hashes[id]! & mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = id + 1;
  }

  /** A table twice the size, in new memory: readers holding the old one keep a valid table. */
  private rehash(): void {
    this.state = { ...this.state, table: new SharedArrayBuffer(this.table.byteLength * 2) };
    this.table = new Int32Array(this.state.table);
    for (let id = 0; id < this.count; id++) this.place(id);
  }

  /** UTF-8 of `key` into the scratch buffer; returns its length. */
  private encode(key: string): number {
    const need = Buffer.byteLength(key);
    if (need > this.scratch.length) this.scratch = Buffer.allocUnsafe(need * 2);
    return this.scratch.write(key, 0);
  }

  private matches(id: number, length: number): boolean {
    const start = this.offsets[id]!;
    const end = id + 1 < this.count ? this.offsets[id + 1]! : this.byteLength;
    return end - start === length && this.scratch.compare(this.bytes, start, end, 0, length) === 0;
  }

  /**
   * Re-takes views after the shared buffers grew (the writer, in add). A reader never needs to:
   * its views, taken from a snapshot, already cover every term the snapshot counts.
   */
  private refresh(): void {
    if (this.bytes.length !== this.state.bytes.byteLength) this.bytes = Buffer.from(this.state.bytes);
    if (this.offsets.byteLength !== this.state.offsets.byteLength) this.offsets = new Uint32Array(this.state.offsets);
    if (this.hashes.byteLength !== this.state.hashes.byteLength) this.hashes = new Uint32Array(this.state.hashes);
  }
}
