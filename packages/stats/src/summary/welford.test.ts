import { describe, expect, it } from 'vitest';
import { isStatsError } from '../errors/stats-error.js';
import { seededRandom } from '../testing/seeded-random.js';
import { relativeError } from '../testing/relative-error.js';
import { mergeSummaries } from './merge-summaries.js';
import { summarize } from './summarize.js';
import { Welford } from './welford.js';

/** Two-pass reference: mean, then Σ(x − mean)²/(n − 1). */
function twoPass(values: number[]): { n: number; mean: number; variance: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { n, mean, variance: n < 2 ? 0 : ss / (n - 1) };
}

describe('summarize / Welford', () => {
  it('gives the textbook values on a small example', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x − 5)² = 32, sample variance 32/7.
    expect(summarize([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ n: 8, mean: 5, variance: 32 / 7 });
  });

  it('handles 0 and 1 observations without NaN', () => {
    expect(summarize([])).toEqual({ n: 0, mean: 0, variance: 0 });
    expect(summarize([3.5])).toEqual({ n: 1, mean: 3.5, variance: 0 });
  });

  it('stays accurate with a large offset (where the sum-of-squares formula fails)', () => {
    const values = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    const s = summarize(values);
    expect(s.mean).toBe(1e9 + 10);
    expect(s.variance).toBe(30); // (36 + 9 + 9 + 36)/3
  });

  it('matches a two-pass computation on 10,000 seeded normals', () => {
    const rng = seededRandom(11);
    const values = Array.from({ length: 10_000 }, () => 3 + 2 * rng.normal());
    const s = summarize(values);
    const ref = twoPass(values);
    expect(s.n).toBe(ref.n);
    expect(relativeError(s.mean, ref.mean)).toBeLessThan(1e-13);
    expect(relativeError(s.variance, ref.variance)).toBeLessThan(1e-13);
  });

  it('merges per-process summaries into the single-pass summary (Chan et al.)', () => {
    const rng = seededRandom(12);
    const all: number[] = [];
    const parts: number[][] = [[], [5], [], [1, 2]];
    for (const size of [1, 2, 17, 300, 4096, 999]) {
      const chunk = Array.from({ length: size }, () => 100 + 15 * rng.normal());
      parts.push(chunk);
    }
    for (const p of parts) all.push(...p);
    const merged = mergeSummaries(...parts.map((p) => summarize(p)));
    const whole = summarize(all);
    expect(merged.n).toBe(whole.n);
    expect(relativeError(merged.mean, whole.mean)).toBeLessThan(1e-13);
    expect(relativeError(merged.variance, whole.variance)).toBeLessThan(1e-12);
    // Merge order does not matter (up to rounding).
    const reversed = mergeSummaries(...parts.map((p) => summarize(p)).reverse());
    expect(relativeError(reversed.variance, whole.variance)).toBeLessThan(1e-12);
  });

  it('round-trips through toSummary/JSON and Welford.from', () => {
    const acc = new Welford().addAll([1, 2, 3, 4]);
    const copy = Welford.from(JSON.parse(JSON.stringify(acc)) as ReturnType<Welford['toSummary']>);
    copy.add(5);
    expect(copy.toSummary()).toEqual(summarize([1, 2, 3, 4, 5]));
    expect(new Welford().merge(acc).merge(new Welford()).toSummary()).toEqual(acc.toSummary());
  });

  it('rejects NaN and infinite observations, naming the argument', () => {
    const acc = new Welford();
    for (const bad of [NaN, Infinity, -Infinity]) {
      try {
        acc.add(bad);
        expect.unreachable();
      } catch (e) {
        expect(isStatsError(e)).toBe(true);
        expect((e as { code: string }).code).toBe('invalid_argument');
        expect((e as Error).message).toMatch(/^Welford\.add: value must be a finite number/);
      }
    }
    expect(acc.n).toBe(0);
    expect(() => acc.merge({ n: 3, mean: 1, variance: -1 })).toThrow(/other\.variance/);
    expect(() => acc.merge({ n: 1, mean: 1, variance: 2 })).toThrow(/other\.variance must be 0/);
  });
});
