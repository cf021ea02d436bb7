/**
 * No outbound request from anything that handles user input: a listener on 127.0.0.1 stands in
 * for "the network", and every socket and DNS attempt in this process is watched.
 */
import { createServer, type Server } from 'node:http';
import net from 'node:net';
import dns from 'node:dns';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import jsonld from 'jsonld';
import { convertText } from '../src/convert.js';
import { offlineLoader } from '../src/jsonld-loader.js';
import { FORMATS } from '../src/writers/index.js';
import { SEED, converted } from './helpers.js';

let server: Server;
let hits = 0;
let url = '';

beforeAll(async () => {
  server = createServer((_, res) => {
    hits++;
    res.setHeader('content-type', 'application/ld+json');
    res.end(JSON.stringify({ '@context': { name: 'http://evil.example/name' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/context.jsonld`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('no network access', () => {
  it('the JSON-LD loader refuses a remote context instead of fetching it', async () => {
    await expect(jsonld.expand({ '@context': url, name: 'x' } as never, { documentLoader: offlineLoader } as never)).rejects.toThrow();
    expect(hits).toBe(0);
  });

  it('converting to every format opens no socket and resolves no name', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const lookup = vi.spyOn(dns, 'lookup');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      // A record whose links point at the listener: they are data, never fetched.
      const record = SEED.replace('http://dx.doi.org/10.1186/s12888-022-03999-9 |', `http://dx.doi.org/10.1186/s12888-022-03999-9 ${url} |`);
      const outcomes = converted(convertText(record, 'r.txt'));
      for (const format of FORMATS) {
        const writer = format.create({ base: 'http://localhost:3000/' });
        for (const c of outcomes) await writer.write(c);
        await writer.end();
      }
      expect(connect).not.toHaveBeenCalled();
      expect(lookup).not.toHaveBeenCalled();
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(hits).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
