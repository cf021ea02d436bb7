import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRecords } from '../../bench/generate.mjs';
import { ConversionPool, DEFAULT_JOBS, type PackedText } from '../../src/jobs/pool.js';
import { convertTextsHere, safeConvert } from '../../src/jobs/records.js';
import { unpackQuads } from '../../src/jobs/packed.js';
import { parseOrcidCsv } from '../../src/orcid.js';
import { Iri } from '../../src/rdf/terms.js';
import { readText, type RawRecord } from '../../src/readers/index.js';
import { isomorphic } from 'rdf-isomorphic';
import { convertText } from '../../src/convert.js';
import { ROOT, SEED, converted } from '../helpers.js';

const BASE = 'http://localhost:3000/';
const pools: ConversionPool[] = [];
/** A pool closed after the suite. */
const poolOf = (jobs: number) => {
  const pool = new ConversionPool({ jobs, base: BASE });
  pools.push(pool);
  return pool;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('ConversionPool', () => {
  it('defaults to one job per core', () => {
    expect(DEFAULT_JOBS).toBeGreaterThanOrEqual(1);
  });

  it('answers in input order across several workers, exactly as converting here', async () => {
    const pool = poolOf(3);
    const inputs = [...generateRecords({ count: 30, seed: 11 })].map((text, i) => ({ text, file: `gen-${i}.txt` }));
    const batches = [inputs.slice(0, 10), inputs.slice(10, 12), inputs.slice(12)];
    const answers = (await Promise.all(batches.map((b) => pool.convertTexts(b)))).flat();
    expect(answers).toEqual(convertTextsHere(inputs, { base: BASE }));
    const ids = answers.map((t) => ('outcomes' in t ? t.outcomes[0]!.id : t.inputError));
    expect(ids).toEqual(inputs.map(({ text }) => (readText(text)[0] as RawRecord).fields.get('id')!.values[0]));
  });

  it('gives what a store needs per record: id, layout, body, IRIs, work keys, graph', async () => {
    const [text] = await poolOf(1).convertTexts([{ text: SEED, file: 'seed.txt' }]);
    const o = (text as Extract<PackedText, { outcomes: unknown }>).outcomes[0]!;
    expect(o).toMatchObject({ index: 1, line: 1, ok: true, id: 'pubmed-9158348', layout: 'page-staff-table', body: SEED.trimEnd(), diagnostics: [] });
    expect(o.workKeys).toEqual(['doi:10.1186/s12888-022-03999-9', 'pmid:35650562', 'pmcid:PMC9158348']);
    expect(o.iris!.record).toMatch(/^http:\/\/localhost:3000\//);
    const here = converted(convertText(SEED, 'seed.txt', { base: BASE }))[0]!;
    expect(isomorphic(unpackQuads(o.graph!, new Iri(o.iris!.record)), here.quads)).toBe(true);
  });

  it('reports a bad record with its line; the others still convert', async () => {
    const file = `${ROOT}test/fixtures/bad/cut-page.txt`;
    const [text] = await poolOf(2).convertTexts([{ text: readFileSync(file, 'utf8'), file: 'cut-page.txt' }]);
    if (!('outcomes' in text!)) throw new Error('no outcomes');
    expect(text.outcomes.map((o) => o.ok)).toEqual([true, false]);
    const bad = text.outcomes[1]!;
    expect(bad.line).toBeGreaterThan(1);
    expect(bad.error).toMatch(/record cut short/);
    expect(bad.diagnostics).toEqual([expect.stringMatching(new RegExp(`^cut-page\\.txt:${bad.line}: .*error: record cut short`))]);
    expect(bad.graph).toBeUndefined();
  });

  it('says when an input holds no record', async () => {
    const answers = await poolOf(2).convertTexts([{ text: '', file: 'empty.txt' }, { text: '\n  \n', file: 'blank.txt' }, { text: SEED, file: 'seed.txt' }]);
    expect(answers[0]).toEqual({ inputError: 'empty.txt:1: empty input: no catalogue record in it' });
    expect(answers[1]).toEqual({ inputError: 'blank.txt:1: empty input: no catalogue record in it' });
    expect('outcomes' in answers[2]!).toBe(true);
  });

  it('applies the ORCID table set later to every later conversion', async () => {
    const pool = poolOf(2);
    const orcidOf = async () => {
      const answers = await Promise.all([pool.convertTexts([{ text: SEED, file: 'a.txt' }]), pool.convertTexts([{ text: SEED, file: 'b.txt' }])]);
      return answers.flat().map((t) => ('outcomes' in t ? t.outcomes[0]!.graph!.terms.includes('<https://orcid.org/0000-0002-1825-0097') : undefined));
    };
    expect(await orcidOf()).toEqual([false, false]);
    pool.setOrcids(parseOrcidCsv('work,author,orcid\n35650562,1,0000-0002-1825-0097\n35650562,"Nobody, Here",0000-0002-1694-233X\n', 'ids.csv').table);
    expect(await orcidOf()).toEqual([true, true]);
    const [text] = await pool.convertTexts([{ text: SEED, file: 'c.txt' }]);
    expect((text as { outcomes: { warnings: string[] }[] }).outcomes[0]!.warnings).toContain('ORCID 0000-0002-1694-233X: no author "Nobody, Here" in pmid:35650562; not attached');
  });

  it('turns a record that throws in conversion into its own failure', () => {
    const item = { source: { file: 'x.txt', line: 7, index: 3 }, layout: 'page-top', fields: null, text: '' } as unknown as RawRecord;
    const outcome = safeConvert(item, { base: BASE });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error).toMatchObject({ source: { line: 7, index: 3 }, message: expect.stringMatching(/^conversion failed: /) });
  });

  it('rejects the batches of a worker that dies, and replaces it', async () => {
    const pool = poolOf(1);
    const big = [...generateRecords({ count: 200, seed: 2 })].join('\n');
    const lost = pool.convertTexts([{ text: big, file: 'big.txt' }]);
    // The one worker is killed while it holds the batch.
    await (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots[0]!.worker.terminate();
    await expect(lost).rejects.toThrow(/conversion worker exited .*batch\(es\) were lost/);
    const [again] = await pool.convertTexts([{ text: SEED, file: 'seed.txt' }]);
    expect('outcomes' in again! && again.outcomes[0]!.ok).toBe(true);
  });
});
