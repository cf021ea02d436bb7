/**
 * Hostile field text for the linear-time tests: long runs of one character or one short token,
 * the shapes that made backtracking regular expressions re-read a run from every position in it.
 */
import { expect } from 'vitest';

/** Characters per run: the size of the fields that stalled the server (issue 10). */
export const RUN = 200_000;

/**
 * Generous: linear code takes a few milliseconds per run even on a busy machine, the quadratic
 * code took seconds to minutes on the same runs.
 */
export const BOUND_MS = 1_000;

const repeat = (token: string) => token.repeat(Math.ceil(RUN / token.length)).slice(0, RUN);

/** Runs of white space: the values must come out as with a single space there. */
export const SPACE_RUNS: Record<string, string> = {
  spaces: repeat(' '),
  tabs: repeat('\t'),
  'no-break spaces': repeat('\u00A0'),
  'spaces and line breaks': repeat(' \n'),
};

/** Runs of anything else a third-party record may hold. */
export const OTHER_RUNS: Record<string, string> = {
  'a letter': repeat('a'),
  digits: repeat('1'),
  colons: repeat(':'),
  'colons and spaces': repeat(': '),
  'copyright signs': repeat('©'),
  'copyright signs and spaces': repeat('© '),
  '(c)': repeat('(c)'),
  'Copyright words': repeat('Copyright '),
  'URL openings': repeat('http://'),
  dots: repeat('. '),
  commas: repeat(', '),
  pipes: repeat('|'),
  dashes: repeat('-'),
  'Text words': repeat(' Text'),
  'sentence ends': repeat('a. '),
};

export const ALL_RUNS: Record<string, string> = { ...SPACE_RUNS, ...OTHER_RUNS };

/** Runs `work` and fails when it takes longer than `bound` ms; returns what it returned. */
export function timed<T>(work: () => T, bound = BOUND_MS): T {
  const start = performance.now();
  const result = work();
  expect(performance.now() - start).toBeLessThan(bound);
  return result;
}
