import { describe, expect, it } from 'vitest';
import * as stats from '../index.js';
import { StatsError, type StatsErrorCode } from './stats-error.js';

const {
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
  chiSquareSurvival,
  sampleSize,
  sampleSizeProportions,
  welchTTest,
  twoProportionZTest,
  srmTest,
  msprt,
  msprtBernoulli,
  summarize,
} = stats;

const ok = { n: 20, mean: 1, variance: 2 };
const cnt = { n: 100, successes: 10 };

/** [description, call, code, argument]: every call must throw a StatsError with that code and argument. */
const CASES: [string, () => unknown, StatsErrorCode, string][] = [
  // NaN anywhere
  ['normalCdf(NaN)', () => normalCdf(NaN), 'invalid_argument', 'x'],
  ['normalQuantile(NaN)', () => normalQuantile(NaN), 'invalid_argument', 'p'],
  ['normalQuantile(1.5)', () => normalQuantile(1.5), 'invalid_argument', 'p'],
  ['studentTCdf(NaN, 3)', () => studentTCdf(NaN, 3), 'invalid_argument', 't'],
  ['studentTCdf(1, NaN)', () => studentTCdf(1, NaN), 'invalid_argument', 'df'],
  ['studentTCdf(1, 0)', () => studentTCdf(1, 0), 'invalid_argument', 'df'],
  ['studentTQuantile(-0.1, 3)', () => studentTQuantile(-0.1, 3), 'invalid_argument', 'p'],
  ['studentTQuantile(0.5, -2)', () => studentTQuantile(0.5, -2), 'invalid_argument', 'df'],
  ['chiSquareSurvival(NaN, 1)', () => chiSquareSurvival(NaN, 1), 'invalid_argument', 'x'],
  ['chiSquareSurvival(1, Infinity)', () => chiSquareSurvival(1, Infinity), 'invalid_argument', 'df'],
  ['summarize([1, NaN])', () => summarize([1, NaN]), 'invalid_argument', 'value'],
  // n < 2, zero variance on both sides, malformed summaries
  ['welchTTest a.n = 1', () => welchTTest({ n: 1, mean: 1, variance: 0 }, ok), 'insufficient_data', 'a.n'],
  ['welchTTest b.n = 0', () => welchTTest(ok, { n: 0, mean: 0, variance: 0 }), 'insufficient_data', 'b.n'],
  ['welchTTest a.n = 2.5', () => welchTTest({ n: 2.5, mean: 1, variance: 1 }, ok), 'invalid_argument', 'a.n'],
  [
    'welchTTest zero variance both',
    () => welchTTest({ n: 5, mean: 1, variance: 0 }, { n: 7, mean: 2, variance: 0 }),
    'degenerate_data',
    'a.variance',
  ],
  [
    'welchTTest b.variance < 0',
    () => welchTTest(ok, { n: 5, mean: 1, variance: -1 }),
    'invalid_argument',
    'b.variance',
  ],
  ['welchTTest a.mean NaN', () => welchTTest({ n: 5, mean: NaN, variance: 1 }, ok), 'invalid_argument', 'a.mean'],
  ['welchTTest b = null', () => welchTTest(ok, null as never), 'invalid_argument', 'b'],
  // α outside (0, 1)
  ['welchTTest alpha 0', () => welchTTest(ok, ok, { alpha: 0 }), 'invalid_argument', 'alpha'],
  ['welchTTest alpha 1', () => welchTTest(ok, ok, { alpha: 1 }), 'invalid_argument', 'alpha'],
  ['welchTTest alpha NaN', () => welchTTest(ok, ok, { alpha: NaN }), 'invalid_argument', 'alpha'],
  [
    'welchTTest alternative',
    () => welchTTest(ok, ok, { alternative: 'bigger' as never }),
    'invalid_argument',
    'alternative',
  ],
  ['twoProportionZTest alpha 1.2', () => twoProportionZTest(cnt, cnt, { alpha: 1.2 }), 'invalid_argument', 'alpha'],
  ['sampleSize alpha -0.05', () => sampleSize({ sd: 1, mde: 0.1, alpha: -0.05 }), 'invalid_argument', 'alpha'],
  ['sampleSize power 1', () => sampleSize({ sd: 1, mde: 0.1, power: 1 }), 'invalid_argument', 'power'],
  ['sampleSize sd 0', () => sampleSize({ sd: 0, mde: 0.1 }), 'invalid_argument', 'sd'],
  ['sampleSize mde NaN', () => sampleSize({ sd: 1, mde: NaN }), 'invalid_argument', 'mde'],
  ['sampleSizeProportions p 0', () => sampleSizeProportions({ p: 0, mde: 0.1 }), 'invalid_argument', 'p'],
  // negative counts
  [
    'twoProportionZTest a.successes -1',
    () => twoProportionZTest({ n: 10, successes: -1 }, cnt),
    'invalid_argument',
    'a.successes',
  ],
  ['twoProportionZTest b.n -5', () => twoProportionZTest(cnt, { n: -5, successes: 0 }), 'invalid_argument', 'b.n'],
  [
    'twoProportionZTest successes > n',
    () => twoProportionZTest(cnt, { n: 5, successes: 6 }),
    'invalid_argument',
    'b.successes',
  ],
  ['twoProportionZTest a.n 0', () => twoProportionZTest({ n: 0, successes: 0 }, cnt), 'insufficient_data', 'a.n'],
  ['srmTest negative count', () => srmTest([100, -3], [1, 1]), 'invalid_argument', 'counts[1]'],
  ['srmTest NaN count', () => srmTest([NaN, 3], [1, 1]), 'invalid_argument', 'counts[0]'],
  ['srmTest negative weight', () => srmTest([3, 3], [1, -1]), 'invalid_argument', 'weights[1]'],
  // sequential
  ['msprt n 0', () => msprt({ n: 0, diff: 0.1, variance: 1, tau2: 0.1 }), 'invalid_argument', 'n'],
  ['msprt variance 0', () => msprt({ n: 10, diff: 0.1, variance: 0, tau2: 0.1 }), 'invalid_argument', 'variance'],
  ['msprt diff NaN', () => msprt({ n: 10, diff: NaN, variance: 1, tau2: 0.1 }), 'invalid_argument', 'diff'],
  ['msprt tau2 -1', () => msprt({ n: 10, diff: 0, variance: 1, tau2: -1 }), 'invalid_argument', 'tau2'],
  [
    'msprtBernoulli meanB 1.1',
    () => msprtBernoulli({ n: 10, meanA: 0.1, meanB: 1.1, tau2: 0.1 }),
    'invalid_argument',
    'meanB',
  ],
];

describe('bad input', () => {
  it.each(CASES)('%s throws a StatsError naming the argument', (_label, call, code, argument) => {
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(StatsError);
    const error = thrown as StatsError;
    expect(error.code).toBe(code);
    expect(error.argument).toBe(argument);
    expect(error.name).toBe('StatsError');
    // The message starts with the function, names the argument, and says what to do after a ';'.
    expect(error.message).toMatch(/^[A-Za-z.]+: /);
    expect(error.message).toContain(argument);
    expect(error.message).toMatch(/; \S/);
  });

  it('is recognized by isStatsError, also across bundle copies', () => {
    expect(stats.isStatsError(new StatsError('invalid_argument', 'x', 'f: x bad; fix it'))).toBe(true);
    const foreign = Object.assign(new Error('f: x bad'), {
      name: 'StatsError',
      code: 'invalid_argument',
      argument: 'x',
    });
    expect(stats.isStatsError(foreign)).toBe(true);
    expect(stats.isStatsError(new Error('nope'))).toBe(false);
    const withCause = new StatsError('degenerate_data', 'a', 'f: a; b', { cause: new Error('root') });
    expect((withCause.cause as Error).message).toBe('root');
  });
});
