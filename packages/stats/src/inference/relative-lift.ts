import type { Alternative } from './alternative.js';
import { interval } from './alternative.js';
import { normalUpperQuantile } from '../numerics/normal-quantile.js';

/** Relative lift (b − a)/|a| with a delta-method interval. */
export interface RelativeLift {
  /** (b.mean − a.mean) / |a.mean|: b.mean / a.mean − 1 when a's mean is positive; the difference's sign always. */
  estimate: number;
  /** Delta-method standard error of the ratio. */
  se: number;
  /** (1 − α) interval estimate ± z·se (one-sided alternatives leave one end infinite). */
  ci: [number, number];
}

/**
 * Relative lift of b over a and its delta-method standard error for independent arms:
 * Var(m_b/m_a) ≈ Var(m_b)/m_a² + m_b² Var(m_a)/m_a⁴, where Var(m) is the variance of a mean
 * (σ²/n). The interval uses the normal quantile (the delta method is asymptotic).
 * Returns null when a's mean is 0, or so close to 0 that the ratio or its standard error overflows.
 * @internal
 */
export function relativeLift(
  meanA: number,
  varMeanA: number,
  meanB: number,
  varMeanB: number,
  alpha: number,
  alternative: Alternative,
): RelativeLift | null {
  if (meanA === 0) return null;
  const ratio = meanB / meanA;
  // Over |a|: a negative baseline (a mean log-likelihood, a net margin) keeps the difference's sign.
  const estimate = (meanB - meanA) / Math.abs(meanA);
  const se = Math.sqrt(varMeanB + ratio * ratio * varMeanA) / Math.abs(meanA);
  if (!Number.isFinite(estimate) || !Number.isFinite(se)) return null;
  return { estimate, se, ci: interval(alternative, estimate, se, normalUpperQuantile, alpha) };
}
