import { describe, expect, it } from 'vitest';
import { normalCdf, normalSurvival } from './normal-cdf.js';
import { normalQuantile } from './normal-quantile.js';
import ref from './reference-values.json';
import { relativeError, worstRelativeError } from '../testing/relative-error.js';

// Reference values: mpmath 1.3.0 at 50 significant digits, computed at the exact double inputs by
// packages/stats/scripts/reference-values.py (rows are [x, Φ(x), 1 − Φ(x)] and [p, Φ⁻¹(p)]).
const cdfRows = ref.normalCdf as [number, number, number][];
const quantileRows = ref.normalQuantile as [number, number][];

describe('normalCdf and normalSurvival (Cody)', () => {
  it('match mpmath to 1e-14 relative from x = -37.5 to 8.25 (both tails)', () => {
    const worst = worstRelativeError(
      cdfRows
        .filter(([x]) => x >= -37.5)
        .flatMap(([x, lower, upper]): [string, number, number][] => [
          [`normalCdf(${x})`, normalCdf(x), lower],
          [`normalSurvival(${x})`, normalSurvival(x), upper],
        ]),
    );
    expect(worst.error, worst.at).toBeLessThan(1e-14);
  });

  it('reach the subnormal range without NaN', () => {
    const [, want] = cdfRows.find(([x]) => x === -38)!;
    expect(Math.abs(normalCdf(-38) - want)).toBeLessThan(1e-318);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-1e10)).toBe(0);
    expect(normalSurvival(1e10)).toBe(0);
  });

  it('is symmetric and sums to one', () => {
    for (const x of [0, 0.1, 0.67448975, 0.7, 1, 2.5, 5.656, 5.66, 7]) {
      expect(normalCdf(-x)).toBe(normalSurvival(x));
      expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThan(2.3e-16);
    }
  });
});

describe('normalQuantile (AS 241)', () => {
  it('matches mpmath to 1e-15 relative from p = 1e-300 to 1 − 1e-12', () => {
    const worst = worstRelativeError(
      quantileRows.map(([p, z]): [string, number, number] => [`p=${p}`, normalQuantile(p), z]),
    );
    expect(worst.error, worst.at).toBeLessThan(1e-15);
  });

  it('is the inverse of normalCdf across the range', () => {
    for (let i = 1; i < 400; i++) {
      const p = i / 400;
      expect(relativeError(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-14);
    }
    // Relative error in p after a round trip is about z² times the relative error in z.
    for (const p of [1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-12, 1e-8]) {
      const z = normalQuantile(p);
      expect(relativeError(normalCdf(z), p), `p=${p}`).toBeLessThan(1e-15 * (1 + z * z));
    }
  });

  it('gives ±Infinity at the ends and 0 in the middle', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0);
  });
});
