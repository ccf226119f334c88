import { describe, expect, it } from 'vitest';
import ref from '../numerics/reference-values.json';
import { studentTQuantile } from '../numerics/student-t-quantile.js';
import { relativeError } from '../testing/relative-error.js';
import { summarize } from '../summary/summarize.js';
import { welchTTest } from './welch-t-test.js';

// Rows: [na, ma, va, nb, mb, vb, alpha, t, df, p, ciLow, ciHigh], every output computed from the
// defining formulas in 50-digit arithmetic by scripts/reference-values.py (mpmath 1.3.0).
const rows = ref.welch as number[][];

describe('welchTTest', () => {
  it('reproduces t, Welch–Satterthwaite df, the two-sided p-value and the interval (mpmath, 1e-11)', () => {
    for (const [na, ma, va, nb, mb, vb, alpha, t, df, p, lo, hi] of rows as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ][]) {
      const r = welchTTest({ n: na, mean: ma, variance: va }, { n: nb, mean: mb, variance: vb }, { alpha });
      const label = `a=(${na},${ma},${va}) b=(${nb},${mb},${vb})`;
      expect(relativeError(r.t, t), label).toBeLessThan(1e-13);
      expect(relativeError(r.df, df), label).toBeLessThan(1e-13);
      expect(relativeError(r.pValue, p), label).toBeLessThan(1e-11);
      expect(relativeError(r.ci[0], lo), label).toBeLessThan(1e-11);
      expect(relativeError(r.ci[1], hi), label).toBeLessThan(1e-11);
      expect(r.diff).toBe(mb - ma);
    }
  });

  it('uses df = n − 1 of the varying arm when the other has zero variance', () => {
    const r = welchTTest({ n: 5, mean: 1, variance: 0 }, { n: 9, mean: 2, variance: 4 });
    expect(r.df).toBeCloseTo(8, 12);
    expect(r.se).toBeCloseTo(Math.sqrt(4 / 9), 15);
  });

  it('computes the interval as diff ± t₁₋α/₂,df · se', () => {
    const a = summarize([12.1, 11.4, 13.9, 12.6, 10.8, 12.2, 13.1]);
    const b = summarize([13.2, 14.8, 12.9, 15.1, 13.7, 14.4]);
    const r = welchTTest(a, b, { alpha: 0.1 });
    const q = studentTQuantile(0.95, r.df);
    expect(r.ci[0]).toBeCloseTo(r.diff - q * r.se, 13);
    expect(r.ci[1]).toBeCloseTo(r.diff + q * r.se, 13);
    expect(r.t).toBeCloseTo(r.diff / r.se, 14);
  });

  it('gives the relative lift with its delta-method interval', () => {
    const a = { n: 400, mean: 20, variance: 36 };
    const b = { n: 500, mean: 21, variance: 49 };
    const r = welchTTest(a, b);
    const ratio = 21 / 20;
    const se = Math.sqrt(49 / 500 + ratio * ratio * (36 / 400)) / 20;
    expect(r.relativeLift!.estimate).toBeCloseTo(0.05, 15);
    expect(r.relativeLift!.se).toBeCloseTo(se, 15);
    expect(r.relativeLift!.ci[0]).toBeCloseTo(0.05 - 1.959963984540054 * se, 14);
    expect(r.relativeLift!.ci[1]).toBeCloseTo(0.05 + 1.959963984540054 * se, 14);
    expect(welchTTest({ n: 10, mean: 0, variance: 1 }, b).relativeLift).toBeNull();
  });

  it("gives the relative lift the difference's sign when a's mean is negative: (b - a) / |a|", () => {
    const a = { n: 400, mean: -0.5, variance: 0.01 };
    const b = { n: 400, mean: -0.3, variance: 0.01 };
    const r = welchTTest(a, b, { alternative: 'greater' });
    expect(r.relativeLift!.estimate).toBeCloseTo(0.4, 14);
    // A one-sided 'greater' interval is [low, Infinity) around the estimate, on the difference's side.
    expect(r.relativeLift!.ci[0]).toBeGreaterThan(0);
    expect(r.relativeLift!.ci[1]).toBe(Number.POSITIVE_INFINITY);
    expect(welchTTest(b, a).relativeLift!.estimate).toBeCloseTo(-0.2 / 0.3, 14);
  });

  it('supports one-sided alternatives', () => {
    const a = { n: 30, mean: 10, variance: 4 };
    const b = { n: 30, mean: 11, variance: 5 };
    const two = welchTTest(a, b);
    const greater = welchTTest(a, b, { alternative: 'greater' });
    const less = welchTTest(a, b, { alternative: 'less' });
    expect(greater.pValue).toBeCloseTo(two.pValue / 2, 15);
    expect(less.pValue).toBeCloseTo(1 - two.pValue / 2, 15);
    expect(greater.ci[1]).toBe(Infinity);
    expect(less.ci[0]).toBe(-Infinity);
    expect(greater.ci[0]).toBeCloseTo(greater.diff - studentTQuantile(0.95, greater.df) * greater.se, 13);
  });

  it('keeps tiny p-values (no 1 − p cancellation)', () => {
    const r = welchTTest({ n: 10_000, mean: 0, variance: 1 }, { n: 10_000, mean: 0.5, variance: 1 });
    expect(r.pValue).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(1e-200);
  });
});
