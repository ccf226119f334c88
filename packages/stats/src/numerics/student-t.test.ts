import { describe, expect, it } from 'vitest';
import { normalCdf } from './normal-cdf.js';
import { normalQuantile } from './normal-quantile.js';
import ref from './reference-values.json';
import { studentTCdf, studentTSurvival } from './student-t-cdf.js';
import { studentTQuantile } from './student-t-quantile.js';
import { relativeError, worstRelativeError } from '../testing/relative-error.js';

// Reference values: mpmath 1.3.0 at 50 significant digits (packages/stats/scripts/reference-values.py).
// studentTCdf rows are [t, df, P(T ≤ −t)], for df from 0.1 to 1e9 and t from 0 to 1e10;
// studentTQuantile rows are [p, df, t] for p from 1e-12 to 1 − 1e-8 and df from 1 to 1e6.
const cdfRows = ref.studentTCdf as [number, number, number][];
const quantileRows = ref.studentTQuantile as [number, number, number][];

// Exact closed forms, written so that they do not cancel in the lower tail:
// df = 1 (Cauchy): P(T ≤ −|t|) = atan(1/|t|)/π.
const cauchyLower = (t: number): number => Math.atan(1 / Math.abs(t)) / Math.PI;
// df = 2: P(T ≤ t) = ½ + t/(2√(2 + t²)), so P(T ≤ −|t|) = 1/(√(2 + t²)(√(2 + t²) + |t|)).
const df2Lower = (t: number): number => {
  const r = Math.sqrt(2 + t * t);
  return 1 / (r * (r + Math.abs(t)));
};

describe('studentTCdf and studentTSurvival', () => {
  it('match mpmath to 1e-12 relative on 428 (t, df) points, tails down to 1e-300', () => {
    const worst = worstRelativeError(
      cdfRows.flatMap(([t, df, lower]): [string, number, number][] => [
        [`cdf(${-t}, ${df})`, studentTCdf(-t, df), lower],
        [`survival(${t}, ${df})`, studentTSurvival(t, df), lower],
        [`cdf(${t}, ${df})`, studentTCdf(t, df), 1 - lower],
      ]),
    );
    expect(worst.error, worst.at).toBeLessThan(1e-12);
  });

  it('match the Cauchy (df = 1) and df = 2 closed forms to 1e-13', () => {
    for (const t of [1e-8, 0.001, 0.3, 1, 2, 12.7, 100, 1e4, 1e8, 1e15]) {
      expect(relativeError(studentTCdf(-t, 1), cauchyLower(t))).toBeLessThan(1e-13);
      expect(relativeError(studentTCdf(-t, 2), df2Lower(t))).toBeLessThan(1e-13);
      expect(relativeError(studentTSurvival(t, 2), df2Lower(t))).toBeLessThan(1e-13);
    }
  });

  it('tends to the normal distribution and equals it at df = Infinity', () => {
    expect(studentTCdf(-1.96, Infinity)).toBe(normalCdf(-1.96));
    expect(relativeError(studentTCdf(-3, 1e12), normalCdf(-3))).toBeLessThan(1e-10);
  });

  it('handles 0 and ±Infinity', () => {
    expect(studentTCdf(0, 3)).toBe(0.5);
    expect(studentTCdf(-Infinity, 3)).toBe(0);
    expect(studentTCdf(Infinity, 3)).toBe(1);
    expect(studentTSurvival(Infinity, 0.5)).toBe(0);
  });
});

describe('studentTQuantile', () => {
  it('matches mpmath to 1e-12 relative on 117 (p, df) points, p from 1e-12', () => {
    const worst = worstRelativeError(
      quantileRows.map(([p, df, t]): [string, number, number] => [`q(${p}, ${df})`, studentTQuantile(p, df), t]),
    );
    expect(worst.error, worst.at).toBeLessThan(1e-12);
  });

  it('matches the closed forms for df = 1 (tan) and df = 2', () => {
    for (const p of [1e-12, 1e-6, 0.01, 0.2, 0.45, 0.55, 0.8, 0.975, 0.999]) {
      const cauchy = p < 0.5 ? -1 / Math.tan(Math.PI * p) : 1 / Math.tan(Math.PI * (1 - p));
      const two = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
      expect(relativeError(studentTQuantile(p, 1), cauchy)).toBeLessThan(1e-12);
      expect(relativeError(studentTQuantile(p, 2), two)).toBeLessThan(1e-12);
    }
  });

  it('inverts studentTCdf for fractional df, deep tails included', () => {
    for (const df of [0.3, 0.9, 1.7, 7.25, 55.5, 2094.7, 3.7e5]) {
      // Below df = 1 the quantile grows like p^(−1/df): at p = 1e-100 and df = 0.3 it passes 1e308.
      const ps =
        df < 1 ? [1e-50, 1e-12, 1e-3, 0.05, 0.3, 0.499, 0.7] : [1e-300, 1e-100, 1e-12, 1e-3, 0.05, 0.3, 0.499, 0.7];
      for (const p of ps) {
        const t = studentTQuantile(p, df);
        expect(relativeError(studentTCdf(t, df), p), `df=${df} p=${p}`).toBeLessThan(1e-12);
      }
    }
    expect(studentTQuantile(1e-300, 0.3)).toBe(-Infinity);
  });

  it('gives ±Infinity at the ends, 0 in the middle and the normal quantile at df = Infinity', () => {
    expect(studentTQuantile(0, 4)).toBe(-Infinity);
    expect(studentTQuantile(1, 4)).toBe(Infinity);
    expect(studentTQuantile(0.5, 4)).toBe(0);
    expect(studentTQuantile(0.9, Infinity)).toBe(normalQuantile(0.9));
  });
});
