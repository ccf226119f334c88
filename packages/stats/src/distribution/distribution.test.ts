import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isStatsError } from '../errors/stats-error.js';
import { jensenShannonDistance } from './jensen-shannon.js';
import { populationStability } from './population-stability.js';
import { spearmanRankCorrelation } from './spearman.js';

const expected = [120, 98, 101, 87, 110, 95, 102, 99, 93, 95];
const actual = [60, 70, 80, 90, 100, 110, 120, 130, 140, 100];

describe('populationStability and jensenShannonDistance', () => {
  it('match numpy and scipy on the same smoothed proportions', () => {
    // numpy: p = (c + 0.5) / (n + k/2); sum((q - p) * log(q / p)); scipy.spatial.distance.jensenshannon(p, q, base=2)
    expect(populationStability(expected, actual)).toBeCloseTo(0.08908086065379259, 14);
    expect(jensenShannonDistance(expected, actual)).toBeCloseTo(0.1260252241634801, 14);
  });

  it('are 0 for identical histograms, symmetric in PSI, and JS distance stays in [0, 1]', () => {
    const counts = fc.array(fc.nat(10_000), { minLength: 2, maxLength: 12 });
    fc.assert(
      fc.property(counts, counts, (a, b) => {
        const n = Math.min(a.length, b.length);
        const [x, y] = [a.slice(0, n), b.slice(0, n)];
        expect(populationStability(x, x)).toBe(0);
        expect(populationStability(x, y)).toBeCloseTo(populationStability(y, x), 12);
        const js = jensenShannonDistance(x, y);
        expect(js).toBeGreaterThanOrEqual(0);
        expect(js).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('do not let the empty bins of a small sample dominate (half-count smoothing, not a fixed fill)', () => {
    // 20 predictions each, the same shape, each sample leaving other bins empty.
    const a = [4, 0, 3, 3, 0, 2, 4, 0, 2, 2];
    const b = [0, 4, 3, 0, 3, 2, 0, 4, 2, 2];
    const fixedFill = (x: number[], y: number[]): number => {
      const p = x.map((c) => Math.max(c / 20, 1e-4));
      const q = y.map((c) => Math.max(c / 20, 1e-4));
      return p.reduce((s, pi, i) => s + (q[i]! - pi) * Math.log(q[i]! / pi), 0);
    };
    expect(fixedFill(a, b)).toBeGreaterThan(5);
    expect(populationStability(a, b)).toBeLessThan(fixedFill(a, b) / 3);
  });

  it('reject bins of different lengths and negative counts with the argument named', () => {
    expect(() => populationStability([1, 2], [1, 2, 3])).toThrow(/same length/);
    expect(() => jensenShannonDistance([1, -2], [1, 2])).toThrow(/expected\[1\]/);
    try {
      populationStability([1], [1]);
    } catch (error) {
      expect(isStatsError(error)).toBe(true);
    }
  });
});

describe('spearmanRankCorrelation', () => {
  it('matches scipy.stats.spearmanr, ties included', () => {
    expect(spearmanRankCorrelation([3, 1, 4, 1, 5, 9, 2, 6], [2, 7, 1, 8, 2, 8, 1, 8])).toBeCloseTo(
      0.19885368120992467,
      14,
    );
  });

  it('tells a swap of the most and least important of ten features from a swap of two neighbours', () => {
    const importance = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const farSwap = [1, 9, 8, 7, 6, 5, 4, 3, 2, 10];
    const nearSwap = [10, 9, 8, 7, 5, 6, 4, 3, 2, 1];
    expect(spearmanRankCorrelation(importance, farSwap)).toBeCloseTo(1 - (6 * 162) / 990, 12);
    expect(spearmanRankCorrelation(importance, nearSwap)).toBeCloseTo(1 - (6 * 2) / 990, 12);
  });

  it('is 1 for equal samples, -1 for reversed ones, and rejects bad input', () => {
    expect(spearmanRankCorrelation([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(spearmanRankCorrelation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 14);
    expect(spearmanRankCorrelation([2, 2], [2, 2])).toBe(1);
    expect(spearmanRankCorrelation([2, 2], [1, 3])).toBe(0);
    expect(() => spearmanRankCorrelation([1, Number.NaN], [1, 2])).toThrow(/a\[1\]/);
    expect(() => spearmanRankCorrelation([1], [1])).toThrow(/at least 2/);
  });
});
