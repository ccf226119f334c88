import { describe, expect, it } from 'vitest';
import ref from '../numerics/reference-values.json';
import { sampleSize } from './sample-size.js';
import { sampleSizeProportions } from './sample-size-proportions.js';

// z values as printed by R: qnorm(0.975) = 1.959963984540054, qnorm(0.8) = 0.8416212335729143
// (exact: 1.95996398454005423552..., 0.84162123357291436380...; mpmath).
const Z975 = 1.959963984540054;
const Z80 = 0.8416212335729143;

describe('sampleSize', () => {
  it('reproduces n = 2(z₁₋α/₂ + z₁₋β)²σ²/δ², rounded up', () => {
    for (const [sd, mde] of [
      [1, 0.2],
      [1, 0.5],
      [3.2, 0.15],
      [40, 7],
      [0.01, 0.0003],
    ] as const) {
      const exact = (2 * (Z975 + Z80) ** 2 * sd * sd) / (mde * mde);
      expect(sampleSize({ sd, mde })).toBe(Math.ceil(exact));
    }
    expect(sampleSize({ sd: 1, mde: 0.2 })).toBe(393);
  });

  it('matches the formula evaluated in 50-digit arithmetic (mpmath) for other α and power', () => {
    for (const [sd, mde, alpha, power, n] of ref.sampleSize as [number, number, number, number, number][]) {
      expect(sampleSize({ sd, mde, alpha, power })).toBe(n);
    }
  });

  it('ignores the sign of mde and grows as alpha or mde shrinks', () => {
    expect(sampleSize({ sd: 2, mde: -0.3 })).toBe(sampleSize({ sd: 2, mde: 0.3 }));
    expect(sampleSize({ sd: 1, mde: 0.2, alpha: 0.01 })).toBeGreaterThan(sampleSize({ sd: 1, mde: 0.2 }));
    expect(sampleSize({ sd: 1, mde: 0.1 })).toBeGreaterThan(sampleSize({ sd: 1, mde: 0.2 }));
  });

  it('rejects power that does not exceed alpha/2', () => {
    expect(() => sampleSize({ sd: 1, mde: 0.1, alpha: 0.5, power: 0.2 })).toThrow(/power must exceed alpha\/2/);
  });
});

describe('sampleSizeProportions', () => {
  it('reproduces the pooled/unpooled formula exactly', () => {
    for (const [p, mde] of [
      [0.1, 0.02],
      [0.5, 0.05],
      [0.03, -0.01],
      [0.8, 0.1],
    ] as const) {
      const p2 = p + mde;
      const pBar = (p + p2) / 2;
      const root = Z975 * Math.sqrt(2 * pBar * (1 - pBar)) + Z80 * Math.sqrt(p * (1 - p) + p2 * (1 - p2));
      expect(sampleSizeProportions({ p, mde })).toBe(Math.ceil((root * root) / (mde * mde)));
    }
    expect(sampleSizeProportions({ p: 0.1, mde: 0.02 })).toBe(3841);
  });

  it('matches the formula evaluated in 50-digit arithmetic (mpmath) for other α and power', () => {
    for (const [p, mde, alpha, power, n] of ref.sampleSizeProportions as [number, number, number, number, number][]) {
      expect(sampleSizeProportions({ p, mde, alpha, power })).toBe(n);
    }
  });

  it('rejects p + mde outside (0, 1)', () => {
    expect(() => sampleSizeProportions({ p: 0.95, mde: 0.05 })).toThrow(
      /mde must be non-zero with p \+ mde strictly between 0 and 1/,
    );
    expect(() => sampleSizeProportions({ p: 0.1, mde: 0 })).toThrow(/mde/);
  });
});
