import { StatsError } from '../errors/stats-error.js';
import { alphaOption, options as readOptions } from '../errors/validate.js';
import { studentTTwoSided } from '../numerics/student-t-cdf.js';
import { studentTQuantile } from '../numerics/student-t-quantile.js';
import { checkSummary, type Summary } from '../summary/summary.js';
import { type Alternative, interval, readAlternative } from './alternative.js';
import { type RelativeLift, relativeLift } from './relative-lift.js';

/** Options of {@link welchTTest}. */
export interface WelchTTestOptions {
  /** Significance level α; the interval has coverage 1 − α. Default: 0.05. */
  alpha?: number;
  /** Alternative hypothesis about b − a. Default: `'two-sided'`. */
  alternative?: Alternative;
}

/** Result of {@link welchTTest}. */
export interface WelchTTestResult {
  /** t statistic, diff / se. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom (fractional). */
  df: number;
  /** p-value for the chosen alternative (two-sided by default). */
  pValue: number;
  /** b.mean − a.mean. */
  diff: number;
  /** Standard error of diff, √(s²ₐ/nₐ + s²_b/n_b). */
  se: number;
  /** (1 − α) interval for diff: diff ± t₁₋α/₂,df · se (one-sided: one end infinite). */
  ci: [number, number];
  /** Relative lift b.mean/a.mean − 1 with a delta-method interval; null when a.mean is 0 (or denormal-small). */
  relativeLift: RelativeLift | null;
  /** The α used. */
  alpha: number;
  /** The alternative used. */
  alternative: Alternative;
}

/**
 * Welch's unequal-variances t-test (B. L. Welch, "The generalization of 'Student's' problem when
 * several different population variances are involved", Biometrika 34 (1947) 28-35) on two
 * summaries, typically a = control (champion, stable) and b = treatment (challenger, canary):
 *
 *   diff = m_b − mₐ,  se = √(s²ₐ/nₐ + s²_b/n_b),  t = diff/se,
 *   df = se⁴ / ((s²ₐ/nₐ)²/(nₐ − 1) + (s²_b/n_b)²/(n_b − 1)).
 *
 * @throws StatsError `insufficient_data` when an arm has n < 2; `invalid_argument` for a
 *   non-integer or negative n, a NaN or infinite mean, a negative or non-finite variance, or bad
 *   options (α outside (0, 1)); `degenerate_data` when both variances are 0.
 */
export function welchTTest(a: Summary, b: Summary, options?: WelchTTestOptions): WelchTTestResult {
  const fn = 'welchTTest';
  const sa = checkSummary(fn, 'a', a, 2);
  const sb = checkSummary(fn, 'b', b, 2);
  const opts = readOptions(fn, options);
  const alpha = alphaOption(fn, opts);
  const alternative = readAlternative(fn, opts.alternative);
  const va = sa.variance / sa.n;
  const vb = sb.variance / sb.n;
  if (va === 0 && vb === 0) {
    throw new StatsError(
      'degenerate_data',
      'a.variance',
      `${fn}: a.variance and b.variance are both 0, so the t statistic is undefined; check that the metric is recorded, or compare the constant values directly`,
    );
  }
  const diff = sb.mean - sa.mean;
  const se = Math.sqrt(va + vb);
  const t = diff / se;
  // (va + vb)² / (va²/(nₐ − 1) + vb²/(n_b − 1)), in a form that cannot under- or overflow.
  const r = va / (va + vb);
  const df = 1 / ((r * r) / (sa.n - 1) + ((1 - r) * (1 - r)) / (sb.n - 1));
  const twoSided = studentTTwoSided(t, df);
  let pValue: number;
  if (alternative === 'two-sided') pValue = twoSided;
  else if ((alternative === 'greater') === t > 0) pValue = twoSided / 2;
  else pValue = 1 - twoSided / 2;
  const critical = (tail: number): number => -studentTQuantile(tail, df);
  return {
    t,
    df,
    pValue,
    diff,
    se,
    ci: interval(alternative, diff, se, critical, alpha),
    relativeLift: relativeLift(sa.mean, va, sb.mean, vb, alpha, alternative),
    alpha,
    alternative,
  };
}
