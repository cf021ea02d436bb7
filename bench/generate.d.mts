/** Types for bench/generate.mjs (used by tests and benchmarks). */
export interface GenerateOptions {
  count: number;
  seed?: number;
  format?: 'page' | 'solr';
  startIndex?: number;
  persons?: number;
}
export function generateRecords(options: GenerateOptions): Generator<string>;
export function generateRecordData(options: Omit<GenerateOptions, 'format'>): Generator<Record<string, unknown> & { id: string; doi: string; authors: string[]; journal: string; year: number }>;
export function workKeyNorm(text: string): string;
export function workKeys(authors: string[], title: string): string[];
export function writeCorpus(options: GenerateOptions, stream: NodeJS.WritableStream): Promise<{ records: number; bytes: number }>;
export const MAX_RECORDS: number;
