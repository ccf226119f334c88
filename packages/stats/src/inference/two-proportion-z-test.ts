import { StatsError } from '../errors/stats-error.js';
import { alphaOption, options as readOptions } from '../errors/validate.js';
import { normalCdf } from '../numerics/normal-cdf.js';
import { normalUpperQuantile } from '../numerics/normal-quantile.js';
import { type Alternative, interval, readAlternative } from './alternative.js';
import { checkCounts, type ProportionCounts } from './proportion-counts.js';
import { type RelativeLift, relativeLift } from './relative-lift.js';

/** Options of {@link twoProportionZTest}. */
export interface TwoProportionZTestOptions {
  /** Significance level α; the interval has coverage 1 − α. Default: 0.05. */
  alpha?: number;
  /** Alternative hypothesis about p_b − pₐ. Default: `'two-sided'`. */
  alternative?: Alternative;
}

/** Result of {@link twoProportionZTest}. */
export interface TwoProportionZTestResult {
  /** z statistic with the pooled standard error. */
  z: number;
  /** p-value for the chosen alternative (two-sided by default). */
  pValue: number;
  /** p_b − pₐ. */
  diff: number;
  /** Pooled standard error used by the test, √(p̂(1 − p̂)(1/nₐ + 1/n_b)). */
  sePooled: number;
  /** Unpooled standard error used by the interval, √(pₐ(1 − pₐ)/nₐ + p_b(1 − p_b)/n_b). */
  se: number;
  /** (1 − α) Wald interval diff ± z₁₋α/₂ · se (one-sided: one end infinite). */
  ci: [number, number];
  /** Relative lift p_b/pₐ − 1 with a delta-method interval; null when pₐ is 0. */
  relativeLift: RelativeLift | null;
  /** pₐ and p_b. */
  rates: [number, number];
  /** The α used. */
  alpha: number;
  /** The alternative used. */
  alternative: Alternative;
}

/**
 * Two-proportion z-test on `{ n, successes }` per arm (a = control, b = treatment):
 *
 *   p̂ = (xₐ + x_b)/(nₐ + n_b),  z = (p_b − pₐ) / √(p̂(1 − p̂)(1/nₐ + 1/n_b)),
 *   interval: (p_b − pₐ) ± z₁₋α/₂ √(pₐ(1 − pₐ)/nₐ + p_b(1 − p_b)/n_b).
 *
 * The pooled standard error is the one that holds under H₀ (equal proportions); the interval uses the
 * unpooled one (Wald). The two-sided p-value equals that of Pearson's chi-square test without
 * continuity correction (R's `prop.test(correct = FALSE)`). Needs roughly ≥ 5 successes and failures per arm.
 *
 * @throws StatsError `insufficient_data` when an arm has n = 0; `invalid_argument` for negative,
 *   fractional or NaN counts, successes > n, or bad options; `degenerate_data` when every unit in
 *   both arms has the same outcome (all successes or none), so the test is undefined.
 */
export function twoProportionZTest(
  a: ProportionCounts,
  b: ProportionCounts,
  options?: TwoProportionZTestOptions,
): TwoProportionZTestResult {
  const fn = 'twoProportionZTest';
  const ca = checkCounts(fn, 'a', a);
  const cb = checkCounts(fn, 'b', b);
  const opts = readOptions(fn, options);
  const alpha = alphaOption(fn, opts);
  const alternative = readAlternative(fn, opts.alternative);
  const pa = ca.successes / ca.n;
  const pb = cb.successes / cb.n;
  const pooled = (ca.successes + cb.successes) / (ca.n + cb.n);
  if (pooled === 0 || pooled === 1) {
    throw new StatsError(
      'degenerate_data',
      'a.successes',
      `${fn}: every unit in both arms has the same outcome (pooled rate ${pooled}), so the test is undefined; collect more units, or report that no difference was observed`,
    );
  }
  const diff = pb - pa;
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / ca.n + 1 / cb.n));
  const z = diff / sePooled;
  let pValue: number;
  if (alternative === 'two-sided') pValue = 2 * normalCdf(-Math.abs(z));
  else pValue = alternative === 'greater' ? normalCdf(-z) : normalCdf(z);
  const varA = (pa * (1 - pa)) / ca.n;
  const varB = (pb * (1 - pb)) / cb.n;
  const se = Math.sqrt(varA + varB);
  return {
    z,
    pValue,
    diff,
    sePooled,
    se,
    ci: interval(alternative, diff, se, normalUpperQuantile, alpha),
    relativeLift: relativeLift(pa, varA, pb, varB, alpha, alternative),
    rates: [pa, pb],
    alpha,
    alternative,
  };
}
