import { describe, expect, it } from 'vitest';
import { chiSquareSurvival } from '../numerics/chi-square-survival.js';
import ref from '../numerics/reference-values.json';
import { relativeError } from '../testing/relative-error.js';
import { twoProportionZTest } from './two-proportion-z-test.js';

// Rows: [na, xa, nb, xb, alpha, z, p, ciLow, ciHigh], computed from the defining formulas in 50-digit
// arithmetic by scripts/reference-values.py (mpmath 1.3.0).
const rows = ref.twoProportion as number[][];

describe('twoProportionZTest', () => {
  it('reproduces z (pooled), the p-value and the unpooled interval (mpmath, 1e-12)', () => {
    for (const [na, xa, nb, xb, alpha, z, p, lo, hi] of rows as [
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
      const r = twoProportionZTest({ n: na, successes: xa }, { n: nb, successes: xb }, { alpha });
      const label = `${xa}/${na} vs ${xb}/${nb}`;
      expect(relativeError(r.z, z), label).toBeLessThan(1e-13);
      expect(relativeError(r.pValue, p), label).toBeLessThan(1e-12);
      expect(relativeError(r.ci[0], lo), label).toBeLessThan(1e-12);
      expect(relativeError(r.ci[1], hi), label).toBeLessThan(1e-12);
    }
  });

  it('agrees with Pearson’s chi-square test without continuity correction (z² ~ χ²₁)', () => {
    const r = twoProportionZTest({ n: 1000, successes: 100 }, { n: 1000, successes: 130 });
    expect(relativeError(r.pValue, chiSquareSurvival(r.z * r.z, 1))).toBeLessThan(1e-13);
  });

  it('reports rates, lift and one-sided p-values', () => {
    const a = { n: 2000, successes: 200 };
    const b = { n: 2000, successes: 240 };
    const r = twoProportionZTest(a, b);
    expect(r.rates).toEqual([0.1, 0.12]);
    expect(r.diff).toBeCloseTo(0.02, 15);
    expect(r.relativeLift!.estimate).toBeCloseTo(0.2, 14);
    const greater = twoProportionZTest(a, b, { alternative: 'greater' });
    expect(greater.pValue).toBeCloseTo(r.pValue / 2, 15);
    expect(twoProportionZTest(a, b, { alternative: 'less' }).pValue).toBeCloseTo(1 - r.pValue / 2, 15);
    expect(twoProportionZTest({ n: 50, successes: 0 }, { n: 50, successes: 3 }).relativeLift).toBeNull();
  });

  it('throws degenerate_data when every unit has the same outcome', () => {
    expect(() => twoProportionZTest({ n: 100, successes: 0 }, { n: 80, successes: 0 })).toThrow(
      expect.objectContaining({ code: 'degenerate_data' }),
    );
    expect(() => twoProportionZTest({ n: 5, successes: 5 }, { n: 8, successes: 8 })).toThrow(/same outcome/);
  });
});
