/**
 * The W3C SPARQL 1.0 and 1.1 query-evaluation suites, run twice: through catalod's own query path
 * (the index as Comunica's source, with pushdown, and the server's serialisation) and through
 * Comunica alone on the same data (run.ts). catalod must pass every test Comunica alone passes.
 *
 * Run: every mf:QueryEvaluationTest (and the CSV result-format tests) of
 * `sparql11/manifest-sparql11-query.ttl`, `sparql11/manifest-sparql11-results.ttl` and
 * `sparql10/manifest-evaluation.ttl`. Not run, because their manifests are not these: entailment
 * regimes (catalod does no reasoning), SERVICE/federation (catalod refuses SERVICE: it never makes
 * an outbound request), updates (the endpoint is read-only) and the protocol and graph-store
 * tests (HTTP, covered by test/server/). Syntax tests are parser tests, not answers.
 *
 * The suites are read from `../shared/w3c-sparql-tests/` (or `CATALOD_W3C_TESTS`), never copied
 * here; where they are absent, the tests are skipped with a message that says so.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { prepare, runCatalod, runComunica, type Outcome } from './run.js';
import { readTests, SUITES_DIR, suitesPresent } from './suite.js';

const present = suitesPresent();
const tests = present ? await readTests() : [];

/** Each test's outcome on each side, for the summary. */
const outcomes = new Map<string, { comunica: Outcome; catalod: Outcome; viaDatasetView: boolean }>();

describe('W3C SPARQL query-evaluation suites: catalod passes every test Comunica alone passes', () => {
  if (!present) {
    it.skip(`the W3C SPARQL suites are not at ${SUITES_DIR} (set CATALOD_W3C_TESTS to their folder): skipped`, () => {});
    return;
  }

  afterAll(() => console.log(summary()));

  it('finds the suites\' evaluation tests', () => {
    expect(tests.length).toBeGreaterThan(500);
  });

  for (const test of tests) {
    it(test.name, async () => {
      const prepared = await prepare(test);
      const comunica = await runComunica(prepared);
      const catalod = await runCatalod(prepared);
      outcomes.set(test.name, { comunica, catalod, viaDatasetView: prepared.viaDatasetView });
      if (comunica.pass) expect(catalod.pass, `catalod fails where Comunica passes: ${catalod.detail}`).toBe(true);
    });
  }

  it('judges answers, not everything wrong: Comunica alone passes most of the suites', () => {
    const passed = [...outcomes.values()].filter((o) => o.comunica.pass).length;
    expect(passed).toBeGreaterThan(tests.length * 0.85);
  });
});

/** Passed/failed per side, and the tests where the sides disagree. */
function summary(): string {
  const all = [...outcomes];
  const count = (side: 'comunica' | 'catalod') => all.filter(([, o]) => o[side].pass).length;
  const only = (side: 'comunica' | 'catalod', other: 'comunica' | 'catalod') => all.filter(([, o]) => o[side].pass && !o[other].pass).map(([name]) => name);
  return [
    `W3C SPARQL suites: ${all.length} tests run (${all.filter(([, o]) => !o.viaDatasetView).length} on the index as the engine's source, the others through the dataset view)`,
    `  Comunica alone: ${count('comunica')} passed, ${all.length - count('comunica')} failed`,
    `  catalod:        ${count('catalod')} passed, ${all.length - count('catalod')} failed`,
    `  only Comunica passes: ${only('comunica', 'catalod').join(', ') || 'none'}`,
    `  only catalod passes:  ${only('catalod', 'comunica').join(', ') || 'none'}`,
    `  both fail: ${all.filter(([, o]) => !o.comunica.pass && !o.catalod.pass).map(([name]) => name).join(', ') || 'none'}`,
  ].join('\n');
}
