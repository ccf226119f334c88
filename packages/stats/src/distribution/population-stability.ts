import { smoothedProportions } from './bin-counts.js';

/**
 * Population stability index of `actual` against `expected`, two histograms over the same bins:
 * Σ (q_i − p_i) · ln(q_i / p_i), on proportions smoothed with half a count per bin (see docs/formulas.md).
 * Common reading: below 0.1 stable, 0.1 to 0.25 a moderate shift, above 0.25 a large one.
 */
export function populationStability(expected: readonly number[], actual: readonly number[]): number {
  const { p, q } = smoothedProportions('populationStability', expected, actual);
  let psi = 0;
  for (let i = 0; i < p.length; i++) psi += (q[i]! - p[i]!) * Math.log(q[i]! / p[i]!);
  return psi;
}
