/** What a writer is: text for each converted record as it comes, then a closing text. */
import type { Converted } from '../convert.js';

export interface WriterOptions {
  /** Base IRI the records were minted under. */
  base: string;
}

export interface RecordWriter {
  /** Text (or its UTF-8 bytes) for one converted record. */
  write(c: Converted): string | Uint8Array | Promise<string | Uint8Array>;
  /** Text that closes the output (may be empty). */
  end(): string | Promise<string>;
}

/** One output format: drives the CLI's `--to`, HTTP content negotiation and the service description. */
export interface Format {
  /** `--to` name. */
  name: string;
  /** Media type it is served as. */
  mediaType: string;
  /** Other media types that mean the same. */
  aliases?: string[];
  /** File extension, with the dot. */
  extension: string;
  /** One line for `--help` and the service description. */
  description: string;
  /** W3C format IRI (http://www.w3.org/ns/formats/…) where one exists, for the service description. */
  formatIri?: string;
  create(options: WriterOptions): RecordWriter;
}

/** Joins JSON documents: one alone as itself, several as an array; streams after the first. */
export function jsonSequence(): { add(json: string): string; end(): string } {
  let first: string | undefined;
  let count = 0;
  return {
    add(json) {
      count++;
      if (count === 1) {
        first = json;
        return '';
      }
      if (count === 2) return `[\n${first},\n${json}`;
      return `,\n${json}`;
    },
    end() {
      if (count === 0) return '[]\n';
      return count === 1 ? `${first}\n` : '\n]\n';
    },
  };
}
