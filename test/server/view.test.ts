/** The pure text helpers of src/server/view.ts on third-party text: right on the seed, linear on hostile runs. */
import { describe, expect, it } from 'vitest';
import { abstractParts } from '../../src/server/view.js';
import { convertSeed } from '../helpers.js';
import { ALL_RUNS, SPACE_RUNS, timed } from '../extract/adversarial.js';

describe('abstractParts', () => {
  it("splits the seed's structured abstract at its four labels", () => {
    const abstract = convertSeed().work.abstract!.value;
    const parts = abstractParts(abstract);
    expect(parts.map((p) => p.label)).toEqual(['BACKGROUND', 'METHODS', 'RESULTS', 'CONCLUSIONS']);
    expect(parts[0]!.text.startsWith('Peer workers are increasingly employed')).toBe(true);
    expect(parts[1]!.text.startsWith('In a longitudinal mixed methods study')).toBe(true);
    expect(parts.map((p) => `${p.label}: ${p.text}`).join(' ')).toBe(abstract.replace(/\s+/g, ' ').trim());
  });

  for (const [name, run] of Object.entries(SPACE_RUNS))
    it(`a run of ${name} between sections: in time, the same sections`, () => {
      const parts = timed(() => abstractParts(`BACKGROUND: a.${run}METHODS: b.${run}RESULTS:${run}c.${run}`));
      expect(parts).toEqual([{ label: 'BACKGROUND', text: 'a.' }, { label: 'METHODS', text: 'b.' }, { label: 'RESULTS', text: 'c.' }]);
    });

  for (const [name, run] of Object.entries(ALL_RUNS))
    it(`a run of ${name} inside a section: in time, kept in that section`, () => {
      const parts = timed(() => abstractParts(`BACKGROUND: a ${run} b. METHODS: c.`));
      expect(parts.map((p) => p.label)).toEqual(['BACKGROUND', 'METHODS']);
      expect(parts[0]!.text).toBe(`a ${run} b.`.trim());
    });

  it('takes a label only at the start or after the end of a sentence', () => {
    expect(abstractParts('We studied CLAIMS: none. RESULTS: were good.')).toEqual([{ text: 'We studied CLAIMS: none. RESULTS: were good.' }]);
    expect(abstractParts('AIMS: x (see [1]) RESULTS: y! CONCLUSIONS: z')).toEqual([
      { label: 'AIMS', text: 'x (see [1])' },
      { label: 'RESULTS', text: 'y!' },
      { label: 'CONCLUSIONS', text: 'z' },
    ]);
    expect(abstractParts('BACKGROUND: x.METHODS: y').map((p) => p.label)).toEqual(['BACKGROUND']);
  });
});
