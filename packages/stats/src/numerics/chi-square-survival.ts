import { StatsError } from '../errors/stats-error.js';
import { notNaN } from '../errors/validate.js';
import { incompleteGamma } from './incomplete-gamma.js';

function checkDf(fn: string, df: number): void {
  if (typeof df !== 'number' || !(df > 0) || df === Infinity) {
    throw new StatsError(
      'invalid_argument',
      'df',
      `${fn}: df must be a finite number > 0 (got ${String(df)}); pass the degrees of freedom, e.g. arms − 1`,
    );
  }
}

/**
 * Chi-square survival function P(X > x) for X ~ χ²(df): Q(df/2, x/2), the regularized upper
 * incomplete gamma function. About 1e-14 relative accuracy, including small upper-tail
 * p-values (1e-12 and far below). x ≤ 0 gives 1.
 *
 * @param x the statistic; any number except NaN (+Infinity gives 0).
 * @param df degrees of freedom, finite and > 0 (fractional allowed).
 * @throws StatsError `invalid_argument` for NaN x or a bad df.
 */
export function chiSquareSurvival(x: number, df: number): number {
  notNaN('chiSquareSurvival', 'x', x);
  checkDf('chiSquareSurvival', df);
  return incompleteGamma(df / 2, x / 2).upper;
}

/**
 * Chi-square distribution function P(X ≤ x) = P(df/2, x/2). Use {@link chiSquareSurvival} for
 * p-values: this one rounds to 1 in the upper tail.
 *
 * @throws StatsError `invalid_argument` for NaN x or a bad df.
 */
export function chiSquareCdf(x: number, df: number): number {
  notNaN('chiSquareCdf', 'x', x);
  checkDf('chiSquareCdf', df);
  return incompleteGamma(df / 2, x / 2).lower;
}
