import { describe, expect, it } from 'vitest';
import { relativeError } from '../testing/relative-error.js';
import { msprt } from './msprt.js';
import { msprtBernoulli } from './msprt-bernoulli.js';

/** Λ exactly as written in issue 7 (Johari, Pekelis and Walsh, normal two-sample form). */
function lambdaNormal(n: number, diff: number, s2: number, tau2: number, theta0 = 0): number {
  return (
    Math.sqrt((2 * s2) / (2 * s2 + n * tau2)) *
    Math.exp((n * n * tau2 * (diff - theta0) ** 2) / (4 * s2 * (2 * s2 + n * tau2)))
  );
}

/** The Bernoulli form: 2σ² replaced by V = x̄(1 − x̄) + ȳ(1 − ȳ) (so 4σ² becomes 2V). */
function lambdaBernoulli(n: number, x: number, y: number, tau2: number, theta0 = 0): number {
  const v = x * (1 - x) + y * (1 - y);
  return Math.sqrt(v / (v + n * tau2)) * Math.exp((n * n * tau2 * (y - x - theta0) ** 2) / (2 * v * (v + n * tau2)));
}

describe('msprt', () => {
  it('reproduces Λ = √(2σ²/(2σ²+nτ²))·exp(n²τ²(diff−θ₀)²/(4σ²(2σ²+nτ²))) and p = min(1, 1/Λ)', () => {
    const cases: [number, number, number, number, number][] = [
      [10, 0.3, 1, 0.01, 0],
      [1000, 0.1, 2.5, 0.04, 0],
      [50_000, -0.02, 0.8, 0.001, 0],
      [200, 1.2, 4, 0.5, 0.5],
      [1, 0, 1, 1, 0],
      [3000, 0.08, 1, 0.0025, -0.01],
    ];
    for (const [n, diff, variance, tau2, theta0] of cases) {
      const want = lambdaNormal(n, diff, variance, tau2, theta0);
      const r = msprt({ n, diff, variance, tau2, theta0 });
      expect(relativeError(r.lambda, want), `n=${n}`).toBeLessThan(1e-12);
      expect(relativeError(r.pValue, Math.min(1, 1 / want)), `n=${n}`).toBeLessThan(1e-12);
      expect(r.logLambda).toBeCloseTo(Math.log(want), 11);
    }
  });

  it('gives Λ < 1 (so p = 1) with no observed effect, and an unbounded Λ with a real one', () => {
    expect(msprt({ n: 100, diff: 0, variance: 1, tau2: 0.01 }).pValue).toBe(1);
    const big = msprt({ n: 1e6, diff: 0.5, variance: 1, tau2: 0.01 });
    expect(big.lambda).toBe(Infinity);
    expect(big.logLambda).toBeGreaterThan(1e4);
    expect(big.pValue).toBe(0);
  });

  it('reproduces the Bernoulli form', () => {
    for (const [n, x, y, tau2] of [
      [100, 0.1, 0.15, 0.001],
      [5000, 0.02, 0.025, 1e-4],
      [40, 0, 0.2, 0.01],
      [800, 0.5, 0.45, 0.0025],
    ]) {
      const want = lambdaBernoulli(n!, x!, y!, tau2!);
      const r = msprtBernoulli({ n: n!, meanA: x!, meanB: y!, tau2: tau2! });
      expect(relativeError(r.lambda, want)).toBeLessThan(1e-12);
      expect(relativeError(r.pValue, Math.min(1, 1 / want))).toBeLessThan(1e-12);
    }
  });

  it('throws degenerate_data when both Bernoulli rates are 0 or 1', () => {
    expect(() => msprtBernoulli({ n: 10, meanA: 0, meanB: 0, tau2: 0.01 })).toThrow(
      expect.objectContaining({ code: 'degenerate_data', argument: 'meanA' }),
    );
  });
});
