import { smoothedProportions } from './bin-counts.js';

/**
 * Jensen–Shannon distance between two histograms over the same bins: the square root of the
 * Jensen–Shannon divergence in bits, so it lies in [0, 1] and is a metric. Same smoothing as
 * {@link populationStability}.
 */
export function jensenShannonDistance(expected: readonly number[], actual: readonly number[]): number {
  const { p, q } = smoothedProportions('jensenShannonDistance', expected, actual);
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i]! + q[i]!) / 2;
    divergence += 0.5 * p[i]! * Math.log2(p[i]! / m) + 0.5 * q[i]! * Math.log2(q[i]! / m);
  }
  return Math.sqrt(Math.max(0, divergence));
}
