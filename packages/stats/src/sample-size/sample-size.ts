import { StatsError } from '../errors/stats-error.js';
import { finite, positive, record } from '../errors/validate.js';
import { zAlphaBeta } from './z-values.js';

/** Input of {@link sampleSize}. */
export interface SampleSizeOptions {
  /** Standard deviation σ of the metric per unit (assumed equal in both groups). Required, > 0. */
  sd: number;
  /** Minimum detectable effect δ: the absolute difference in means to detect. Required, ≠ 0 (sign ignored). */
  mde: number;
  /** Two-sided significance level α. Default: 0.05. */
  alpha?: number;
  /** Power 1 − β, the probability of detecting a true effect of size `mde`. Default: 0.8. */
  power?: number;
}

/**
 * Units per group for a two-sample, two-sided comparison of means with equal groups:
 *
 *   n = 2 (z₁₋α/₂ + z₁₋β)² σ² / δ², rounded up.
 *
 * The normal-approximation formula (for example S.-C. Chow, J. Shao and H. Wang, "Sample Size
 * Calculations in Clinical Research", ch. 3). The Welch t-test on n per group has slightly less
 * power than planned when n is small (under about 30).
 *
 * @example sampleSize({ sd: 1, mde: 0.2 }) // 393 per group
 * @throws StatsError `invalid_argument` for a non-positive sd, a zero or non-finite mde, alpha or
 *   power outside (0, 1), or power ≤ alpha/2.
 */
export function sampleSize(options: SampleSizeOptions): number {
  const fn = 'sampleSize';
  const opts = record(fn, 'options', options);
  const sd = positive(fn, 'sd', opts.sd, 'pass the standard deviation of the metric per unit');
  const mde = finite(fn, 'mde', opts.mde, 'pass the smallest difference in means worth detecting');
  if (mde === 0) {
    throw new StatsError(
      'invalid_argument',
      'mde',
      `${fn}: mde must not be 0; pass the smallest difference in means worth detecting`,
    );
  }
  const { zAlpha, zBeta } = zAlphaBeta(fn, opts);
  const z = zAlpha + zBeta;
  return Math.ceil((2 * z * z * sd * sd) / (mde * mde));
}
