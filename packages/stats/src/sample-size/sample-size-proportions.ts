import { StatsError } from '../errors/stats-error.js';
import { finite, openUnit, record } from '../errors/validate.js';
import { zAlphaBeta } from './z-values.js';

/** Input of {@link sampleSizeProportions}. */
export interface SampleSizeProportionsOptions {
  /** Baseline proportion p (for example the champion's conversion or error rate). Required, in (0, 1). */
  p: number;
  /** Minimum detectable effect: the absolute change p₂ − p to detect. Required, ≠ 0, with p + mde in (0, 1). */
  mde: number;
  /** Two-sided significance level α. Default: 0.05. */
  alpha?: number;
  /** Power 1 − β. Default: 0.8. */
  power?: number;
}

/**
 * Units per group to detect a change of a proportion from p to p₂ = p + mde with a two-sided
 * two-proportion z-test (pooled variance under H₀, unpooled under H₁):
 *
 *   p̄ = (p + p₂)/2,
 *   n = (z₁₋α/₂ √(2 p̄(1 − p̄)) + z₁₋β √(p(1 − p) + p₂(1 − p₂)))² / mde², rounded up.
 *
 * J. L. Fleiss, B. Levin and M. C. Paik, "Statistical Methods for Rates and Proportions" (3rd ed.,
 * 2003), ch. 4, without the continuity correction.
 *
 * @example sampleSizeProportions({ p: 0.1, mde: 0.02 }) // 3841 per group
 * @throws StatsError `invalid_argument` for p or p + mde outside (0, 1), mde = 0, alpha or power
 *   outside (0, 1), or power ≤ alpha/2.
 */
export function sampleSizeProportions(options: SampleSizeProportionsOptions): number {
  const fn = 'sampleSizeProportions';
  const opts = record(fn, 'options', options);
  const p = openUnit(fn, 'p', opts.p, 'pass the baseline proportion, for example 0.1 for 10%');
  const mde = finite(fn, 'mde', opts.mde, 'pass the absolute change in the proportion to detect, for example 0.02');
  const p2 = p + mde;
  if (mde === 0 || !(p2 > 0 && p2 < 1)) {
    throw new StatsError(
      'invalid_argument',
      'mde',
      `${fn}: mde must be non-zero with p + mde strictly between 0 and 1 (got p ${p}, mde ${mde}); pass an absolute change such as 0.02`,
    );
  }
  const { zAlpha, zBeta } = zAlphaBeta(fn, opts);
  const pBar = (p + p2) / 2;
  const root = zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.sqrt(p * (1 - p) + p2 * (1 - p2));
  return Math.ceil((root * root) / (mde * mde));
}
