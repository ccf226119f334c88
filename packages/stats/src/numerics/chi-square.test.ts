import { describe, expect, it } from 'vitest';
import { chiSquareCdf, chiSquareSurvival } from './chi-square-survival.js';
import { logGamma } from './log-gamma.js';
import { normalCdf } from './normal-cdf.js';
import ref from './reference-values.json';
import { relativeError, worstRelativeError } from '../testing/relative-error.js';

// Reference values: mpmath 1.3.0 at 50 significant digits (packages/stats/scripts/reference-values.py);
// rows are [x, df, Q(df/2, x/2)] for df from 1 to 1e5, and [x, ln Γ(x)].
const rows = ref.chiSquareSurvival as [number, number, number][];

describe('chiSquareSurvival', () => {
  it('matches mpmath to 1e-12 relative on 79 (x, df) points, p-values down to 1e-198', () => {
    const worst = worstRelativeError(
      rows.map(([x, df, q]): [string, number, number] => [`(${x}, ${df})`, chiSquareSurvival(x, df), q]),
    );
    expect(worst.error, worst.at).toBeLessThan(1e-12);
  });

  it('matches the df = 2 closed form exp(−x/2)', () => {
    for (const x of [1e-10, 0.01, 0.5, 2, 5.99, 13.8, 50, 200, 1000]) {
      expect(relativeError(chiSquareSurvival(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-13);
    }
  });

  it('matches the df = 1 identity Q = 2Φ(−√x) (independent normal code)', () => {
    for (const x of [1e-6, 0.1, 1, 3.841458820694124, 10, 50, 300, 1400]) {
      expect(relativeError(chiSquareSurvival(x, 1), 2 * normalCdf(-Math.sqrt(x)))).toBeLessThan(1e-13);
    }
  });

  it('is one minus chiSquareCdf, and 1 at x ≤ 0', () => {
    for (const [x, df] of [
      [0.5, 3],
      [10, 10],
      [120, 100],
      [3, 1],
    ] as const) {
      expect(Math.abs(chiSquareCdf(x, df) + chiSquareSurvival(x, df) - 1)).toBeLessThan(1e-15);
    }
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(-1, 3)).toBe(1);
    expect(chiSquareSurvival(Infinity, 3)).toBe(0);
  });
});

describe('logGamma (internal)', () => {
  it('matches mpmath to 4e-15 absolute (relative above 1)', () => {
    for (const [x, want] of ref.logGamma as [number, number][]) {
      expect(Math.abs(logGamma(x) - want), `x=${x}`).toBeLessThan(4e-15 * Math.max(1, Math.abs(want)));
    }
  });
});
