/**
 * Index snapshots: the sorted index (dictionary, columns, permutations, graph table, statistics)
 * written to the data folder, so a restart reads it back into shared memory in seconds instead
 * of converting every stored record again. A snapshot is derived data: the record store stays
 * the authority, and a snapshot that does not match it exactly is never served.
 *
 * File (`index.snapshot`): the sections' bytes, one after another (8-byte aligned), then a JSON
 * header (stamp, counts, section table with a CRC-32 each), its length, its CRC-32 and a closing
 * magic. The header comes last so a file cut short by a crash has no valid trailer. It is written
 * to `index.snapshot.tmp`, synced and renamed over the old one: a reader sees a whole snapshot
 * or the previous one, never a half-written one.
 */
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, fsyncSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { workerScript } from '../worker-script.js';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { CompactState } from './compact/store.js';
import { emptyDelta } from './compact/delta.js';
import { growableBuffer } from './compact/growable.js';
import type { SortedIndex } from './compact/quads.js';
import type { SortInput, SortOutput } from './compact/sort.js';

export const SNAPSHOT_FILE = 'index.snapshot';
/** Bumped whenever the file layout changes: an older file is then rebuilt, not misread. */
const FORMAT = 1;
const MAGIC = Buffer.from('CATALODX');
const TRAILER = 16; // header length (u32), header CRC-32 (u32), magic (8)
const CHUNK = 8 << 20;

/** What a snapshot must match to be served. */
export interface SnapshotStamp {
  /** The mapping's fingerprint (src/store/fingerprint.ts): vocabularies and converter code. */
  fingerprint: string;
  /** The base IRI every term was minted under. */
  base: string;
  /** The record store it was taken of (a random id kept in the store). */
  store: string;
  /** The store's change counter when it was taken: changes after it are re-converted on start. */
  changes: number;
}

/** A stored record left out of the index, and why (kept so a restart can still report it). */
export interface SkippedEntry {
  id: string;
  error: string;
}

interface Section {
  name: string;
  offset: number;
  bytes: number;
  crc: number;
}

interface Header extends SnapshotStamp {
  format: number;
  written: string;
  terms: number;
  byteLength: number;
  slots: number;
  baseTerms: number;
  live: number;
  predicates: [number, number, number, number][];
  orders: SortedIndex['order'][];
  skipped: SkippedEntry[];
  sections: Section[];
}

/** Why a snapshot cannot be served; the index is rebuilt from the records instead. */
export class SnapshotRejected extends Error {}

/**
 * The index as a sort starts, frozen: what the writer changes later (tombstones, graph table,
 * hash table) copied now, what it only appends to (dictionary, columns) as views up to now.
 */
export interface FrozenIndex {
  terms: number;
  byteLength: number;
  slots: number;
  live: number;
  sections: [string, Uint8Array][];
}

/**
 * Freezes the index at the instant a sort starts (`input` is that sort's: its tombstone copy is
 * the snapshot's, so the permutations and the tombstones written agree).
 * @example
 * store.sort(sorter, (state, input) => { const frozen = freezeIndex(state, input); return (sorted) => writeSnapshot(file, frozen, sorted, stamp); });
 */
export function freezeIndex(state: CompactState, input: SortInput): FrozenIndex {
  const { dictionary: d, quads: q } = state;
  const terms = d.count;
  const bytesOf = (buffer: SharedArrayBuffer, length: number) => new Uint8Array(buffer, 0, Math.min(length, buffer.byteLength));
  // The hash table may gain entries for terms added after this instant: they are dropped from the copy.
  const table = new Int32Array(d.table).slice();
  for (let i = 0; i < table.length; i++) if (table[i]! > terms) table[i] = 0;
  return {
    terms, byteLength: d.byteLength, slots: input.end, live: q.live,
    sections: [
      ['dictionary.bytes', bytesOf(d.bytes, d.byteLength)],
      ['dictionary.offsets', bytesOf(d.offsets, 4 * terms)],
      ['dictionary.hashes', bytesOf(d.hashes, 4 * terms)],
      ['dictionary.table', new Uint8Array(table.buffer)],
      ...q.columns.map((c, i): [string, Uint8Array] => [`column.${i}`, bytesOf(c, 4 * input.end)]),
      ['dead', input.dead],
      ['graph.start', bytesOf(q.graphStart, 4 * terms).slice()],
      ['graph.count', bytesOf(q.graphCount, 4 * terms).slice()],
    ],
  };
}

/**
 * Writes a snapshot of a frozen index and its sort to `file`, off the critical path: in chunks,
 * yielding between them; returns the bytes written.
 * @example
 * await writeSnapshot(join(dir, SNAPSHOT_FILE), frozen, sorted, { fingerprint, base, store: db.id, changes });
 */
export async function writeSnapshot(file: string, frozen: FrozenIndex, sorted: SortOutput, stamp: SnapshotStamp, skipped: readonly SkippedEntry[] = []): Promise<number> {
  const sections: [string, Uint8Array][] = [
    ...frozen.sections,
    ...sorted.indexes.flatMap((index, i): [string, Uint8Array][] => [
      [`perm.${i}`, new Uint8Array(index.perm)],
      [`start.${i}`, new Uint8Array(index.start)],
    ]),
  ];
  const header: Header = {
    format: FORMAT, ...stamp, written: new Date().toISOString(),
    terms: frozen.terms, byteLength: frozen.byteLength, slots: frozen.slots, baseTerms: sorted.terms, live: frozen.live,
    predicates: sorted.predicates, orders: sorted.indexes.map((i) => i.order), skipped: skipped.slice(0, 1000), sections: [],
  };
  const temporary = `${file}.tmp`;
  const handle = await open(temporary, 'w');
  let offset = 0;
  try {
    for (const [name, bytes] of sections) {
      let crc = 0;
      for (let at = 0; at < bytes.length; at += CHUNK) {
        const chunk = bytes.subarray(at, Math.min(at + CHUNK, bytes.length));
        crc = crc32(chunk, crc);
        await handle.write(chunk, 0, chunk.length, offset + at);
      }
      header.sections.push({ name, offset, bytes: bytes.length, crc });
      offset += align(bytes.length);
    }
    const json = Buffer.from(JSON.stringify(header));
    const trailer = Buffer.alloc(TRAILER);
    trailer.writeUInt32LE(json.length, 0);
    trailer.writeUInt32LE(crc32(json), 4);
    MAGIC.copy(trailer, 8);
    await handle.write(json, 0, json.length, offset);
    await handle.write(trailer, 0, TRAILER, offset + json.length);
    await handle.sync();
  } catch (error) {
    await handle.close();
    rmSync(temporary, { force: true });
    throw error;
  }
  await handle.close();
  renameSync(temporary, file);
  syncFolder(dirname(file));
  return offset + TRAILER;
}

/** One section to read into its buffer, and the CRC-32 it must have. */
export interface SectionRead {
  name: string;
  offset: number;
  bytes: number;
  crc: number;
  buffer: SharedArrayBuffer;
}

/**
 * Reads a snapshot into fresh shared buffers, or throws SnapshotRejected saying why it cannot
 * be served: missing, cut short, corrupt (a checksum), of another format, mapping, base or store.
 * The sections are read on `threads` threads at once: what a read costs is mostly the kernel
 * handing out fresh pages, and threads take those in parallel.
 * @example
 * const { state, stamp } = await readSnapshot(join(dir, SNAPSHOT_FILE), { fingerprint, base, store: db.id }, { threads: 2 });
 */
export async function readSnapshot(file: string, expected: Omit<SnapshotStamp, 'changes'>, options: { threads?: number } = {}): Promise<{ state: CompactState; stamp: SnapshotStamp; skipped: SkippedEntry[]; bytes: number }> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw new SnapshotRejected('no snapshot');
  }
  let header: Header, size: number;
  try {
    size = fstatSync(fd).size;
    header = readHeader(fd, size);
  } finally {
    closeSync(fd);
  }
  for (const key of ['fingerprint', 'base', 'store'] as const) {
    if (header[key] !== expected[key]) throw new SnapshotRejected(`the snapshot is of another ${key === 'fingerprint' ? 'mapping (vocabularies or converter changed)' : key === 'base' ? `base (${header.base})` : 'record store'}`);
  }
  const reads: SectionRead[] = [];
  const buffer = (name: string, make: (bytes: number) => SharedArrayBuffer) => {
    const section = sectionNamed(header, name);
    const read = { ...section, buffer: make(section.bytes) };
    reads.push(read);
    return read.buffer;
  };
  const growable = (name: string) => buffer(name, (bytes) => growableBuffer(bytes));
  const fixed = (name: string) => buffer(name, (bytes) => new SharedArrayBuffer(bytes));
  const state: CompactState = {
    dictionary: { bytes: growable('dictionary.bytes'), offsets: growable('dictionary.offsets'), hashes: growable('dictionary.hashes'), table: fixed('dictionary.table'), count: header.terms, byteLength: header.byteLength },
    quads: {
      columns: [0, 1, 2, 3].map((i) => growable(`column.${i}`)) as CompactState['quads']['columns'],
      dead: growable('dead'),
      graphStart: growable('graph.start'),
      graphCount: growable('graph.count'),
      indexes: header.orders.map((order, i) => ({ order, perm: fixed(`perm.${i}`), start: fixed(`start.${i}`) })),
      baseEnd: header.slots,
      slots: header.slots,
      baseTerms: header.baseTerms,
      live: header.live,
      predicates: header.predicates,
      delta: emptyDelta(header.slots),
    },
  };
  await readSections(file, reads, options.threads ?? 1);
  const { fingerprint, base, store, changes } = header;
  return { state, stamp: { fingerprint, base, store, changes }, skipped: header.skipped, bytes: size };
}

/** Reads every section into its buffer, on `threads` threads (sections shared out by size), or here for one. */
async function readSections(file: string, reads: SectionRead[], threads: number): Promise<void> {
  if (threads <= 1) return readSectionsHere(file, reads);
  const shares: SectionRead[][] = Array.from({ length: threads }, () => []);
  const load = new Array<number>(threads).fill(0);
  for (const read of [...reads].sort((a, b) => b.bytes - a.bytes)) {
    const least = load.indexOf(Math.min(...load));
    shares[least]!.push(read);
    load[least]! += read.bytes;
  }
  const answers = await Promise.all(shares.filter((s) => s.length > 0).map((share) => readOnThread(file, share)));
  const failure = answers.find((a) => a !== undefined);
  if (failure) throw new SnapshotRejected(failure);
}

/** Reads sections into their buffers in this thread; throws SnapshotRejected on a short read or a bad checksum. */
export function readSectionsHere(file: string, reads: readonly SectionRead[]): void {
  const fd = openSync(file, 'r');
  try {
    for (const read of reads) readSection(fd, read, new Uint8Array(read.buffer, 0, read.bytes));
  } finally {
    closeSync(fd);
  }
}

/** Reads sections on a thread of their own; resolves with why they could not be, or undefined. */
function readOnThread(file: string, reads: SectionRead[]): Promise<string | undefined> {
  const worker = new Worker(workerScript('./snapshot-reader.js', import.meta.url, 'store'), { workerData: { file, reads } });
  return new Promise((resolve) => {
    worker.once('message', (why: string | undefined) => resolve(why));
    worker.once('error', (error) => resolve(`the snapshot could not be read (${error.message})`));
    worker.once('exit', () => resolve('the snapshot reader stopped'));
  });
}

/** The header from the file's trailer, checked: whole, uncorrupted, this format. */
function readHeader(fd: number, size: number): Header {
  if (size < TRAILER) throw new SnapshotRejected(`the snapshot is cut short (${size} bytes)`);
  const trailer = Buffer.alloc(TRAILER);
  readSync(fd, trailer, 0, TRAILER, size - TRAILER);
  if (!trailer.subarray(8).equals(MAGIC)) throw new SnapshotRejected('the snapshot is cut short or not a catalod snapshot (no closing mark)');
  const length = trailer.readUInt32LE(0);
  if (length > size - TRAILER) throw new SnapshotRejected('the snapshot is corrupt (header length)');
  const json = Buffer.alloc(length);
  readSync(fd, json, 0, length, size - TRAILER - length);
  if (crc32(json) !== trailer.readUInt32LE(4)) throw new SnapshotRejected('the snapshot is corrupt (header checksum)');
  const header = JSON.parse(json.toString()) as Header;
  if (header.format !== FORMAT) throw new SnapshotRejected(`the snapshot is of another format (${header.format})`);
  const end = size - TRAILER - length;
  for (const s of header.sections) if (s.offset + s.bytes > end) throw new SnapshotRejected(`the snapshot is corrupt (section ${s.name} past its end)`);
  return header;
}

function sectionNamed(header: Header, name: string): Section {
  const section = header.sections.find((s) => s.name === name);
  if (!section) throw new SnapshotRejected(`the snapshot has no ${name}`);
  return section;
}

/** Reads a section into `into`, checking its CRC-32. */
function readSection(fd: number, section: Section, into: Uint8Array): void {
  const name = section.name;
  let crc = 0;
  for (let at = 0; at < section.bytes; at += CHUNK) {
    const chunk = into.subarray(at, Math.min(at + CHUNK, section.bytes));
    let got = 0;
    while (got < chunk.length) {
      const n = readSync(fd, chunk, got, chunk.length - got, section.offset + at + got);
      if (n === 0) throw new SnapshotRejected(`the snapshot is cut short (in ${name})`);
      got += n;
    }
    crc = crc32(chunk, crc);
  }
  if (crc !== section.crc) throw new SnapshotRejected(`the snapshot is corrupt (checksum of ${name})`);
}

/** Drops a snapshot and any half-written one beside it. */
export function removeSnapshot(dir: string): void {
  rmSync(join(dir, SNAPSHOT_FILE), { force: true });
  rmSync(join(dir, `${SNAPSHOT_FILE}.tmp`), { force: true });
}

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** Makes a rename in `dir` durable. */
function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
