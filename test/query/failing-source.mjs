/**
 * A source module for WorkerPool tests: fixture-source.mjs, except that a pattern with the
 * predicate <urn:catalod-test:fail> fails mid-stream and leaves work behind (a busy timer never
 * cleared), as an engine that errs while other parts of a query run on would.
 */
import { Readable } from 'node:stream';
import { openSource as openFixture } from './fixture-source.mjs';

export const FAIL = 'urn:catalod-test:fail';

export async function openSource(init) {
  const source = await openFixture(init);
  return {
    // Counts let the engine plan without reading a stream: the failure comes while it evaluates.
    countQuads: (s, p, o, g) => (p?.value === FAIL ? 3 : source.countQuads(s, p, o, g)),
    match(s, p, o, g) {
      if (p?.value !== FAIL) return source.match(s, p, o, g);
      setInterval(() => {
        const end = Date.now() + 8;
        while (Date.now() < end);
      }, 10);
      const first = source.match(null, null, null, null);
      const stream = new Readable({ objectMode: true, read() {} });
      let sent = 0;
      first.on('data', (quad) => {
        if (sent++ < 3) stream.push(quad);
      });
      setTimeout(() => stream.destroy(new Error('the source failed mid-stream')), 200);
      return stream;
    },
  };
}
