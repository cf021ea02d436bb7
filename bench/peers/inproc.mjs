/**
 * bench:peers child: one in-process engine over one file, the query set run cold then warm.
 *
 *   node --expose-gc bench/peers/inproc.mjs catalod|oxigraph FILE QUERIES.json RUNS FROM
 *
 * catalod: the N-Quads, grouped by graph, into a CompactStore (one named graph per record, the
 * default graph their merge), indexed, queried by Comunica (@comunica/query-sparql-rdfjs) with the
 * index as its query source, as the server's workers do. oxigraph: the merged triples (N-Triples) into Oxigraph's default graph.
 * Writes JSON lines: {type:'loaded'}, then {type:'progress'} per run and {type:'result'} per query.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { once } from 'node:events';

const [engineName, file, queriesFile, runsArg, fromArg] = process.argv.slice(2);
const RUNS = Number(runsArg);
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));
const { normalise, rowString, tripleString } = await import('./queries.mjs');
const send = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const gc = () => { globalThis.gc?.(); globalThis.gc?.(); };

async function loadCatalod() {
  const { CompactStore } = await import('../../dist/store/compact/store.js');
  const { StreamParser, DataFactory } = await import('n3');
  const { QueryEngine } = await import('@comunica/query-sparql-rdfjs');
  const store = new CompactStore();
  let graph;
  let quads = [];
  let total = 0;
  const flush = () => { if (graph) store.replaceGraph(graph, quads); quads = []; };
  const parser = new StreamParser({ format: 'N-Quads' });
  parser.on('data', (q) => {
    total++;
    if (!graph || q.graph.value !== graph.value) { flush(); graph = DataFactory.namedNode(q.graph.value); }
    quads.push(q);
  });
  createReadStream(file, { highWaterMark: 1 << 20 }).pipe(parser);
  await once(parser, 'end');
  flush();
  store.index(true);
  const { querySourceContext } = await import('../../dist/query/index/source.js');
  const { pushableTypes } = await import('../../dist/query/pushdown.js');
  const { default: sparqljs } = await import('sparqljs');
  const engine = new QueryEngine();
  // As the server's workers do (src/query/execute.ts): the index as Comunica's query source, taking what the query allows.
  const contextFor = (text) => ({ ...querySourceContext(store, pushableTypes(new sparqljs.Parser().parse(text))), readOnly: true });
  return {
    held: total,
    async run(q) {
      if (q.form === 'describe') {
        const quadsOut = await (await engine.queryQuads(q.text, contextFor(q.text))).toArray();
        return quadsOut.map(tripleString);
      }
      const rows = await (await engine.queryBindings(q.text, contextFor(q.text))).toArray();
      return rows.map((b) => rowString([...b].map(([k, v]) => [k.value, v])));
    },
  };
}

async function loadOxigraph() {
  const { default: oxigraph } = await import('oxigraph');
  const store = new oxigraph.Store();
  // In chunks of whole lines, so a store that outgrows WebAssembly's 4 GB says how far it got.
  const stream = createReadStream(file, { highWaterMark: 64 << 20 });
  let rest = Buffer.alloc(0);
  for await (const chunk of stream) {
    const buf = Buffer.concat([rest, chunk]);
    const end = buf.lastIndexOf(10) + 1;
    rest = buf.subarray(end);
    try {
      store.load(buf.subarray(0, end), { format: 'application/n-triples', no_transaction: true, lenient: true });
    } catch (error) {
      throw new Error(`Oxigraph load failed after ${store.size.toLocaleString('en')} triples, RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB: ${error.message}`);
    }
  }
  if (rest.length) store.load(rest, { format: 'application/n-triples', no_transaction: true, lenient: true });
  return {
    held: store.size,
    async run(q) {
      const res = store.query(q.text);
      if (q.form === 'describe') return res.map(tripleString);
      return res.map((m) => rowString([...m.entries()]));
    },
  };
}

const started = performance.now();
const baseRss = process.memoryUsage().rss;
let engine;
try {
  engine = await (engineName === 'catalod' ? loadCatalod() : loadOxigraph());
} catch (error) {
  send({ type: 'failed', error: error.message });
  process.exit(0);
}
const loadSeconds = (performance.now() - started) / 1000;
gc();
const mem = process.memoryUsage();
send({ type: 'loaded', seconds: loadSeconds, held: engine.held, rss: mem.rss, baseRss, heapUsed: mem.heapUsed, external: mem.external });

for (let i = Number(fromArg); i < queries.length; i++) {
  const q = queries[i];
  if (q.skipped) continue;
  const times = [];
  let answer;
  let error;
  try {
    for (let r = 0; r <= RUNS; r++) {
      const t = performance.now();
      const rows = await engine.run(q);
      const ms = performance.now() - t;
      times.push(ms);
      if (r === 0) answer = normalise(q, rows);
      send({ type: 'progress', i, r });
      // A slow query gets fewer warm runs (as bench/peers.mjs budgetSpent), so the run stays within its budget.
      if ((times[0] > 20_000 && times.length >= 2) || (times.length >= 3 && times.reduce((a, b) => a + b, 0) > 20_000)) break;
    }
  } catch (e) {
    error = e.message;
  }
  send({ type: 'result', i, name: q.name, cold: times[0], warm: times.slice(1), answer, error });
}
send({ type: 'done', rss: process.memoryUsage().rss });
