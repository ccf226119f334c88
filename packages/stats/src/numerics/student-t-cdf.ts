import { StatsError } from '../errors/stats-error.js';
import { notNaN } from '../errors/validate.js';
import { incompleteBeta } from './incomplete-beta.js';
import { logBeta } from './log-gamma.js';
import { normalCdf } from './normal-cdf.js';

/** @internal Checks a degrees-of-freedom argument: a number > 0, +Infinity allowed (normal limit). */
export function checkDf(fn: string, df: number): void {
  if (typeof df !== 'number' || !(df > 0)) {
    throw new StatsError(
      'invalid_argument',
      'df',
      `${fn}: df must be a number > 0 (got ${String(df)}); pass the degrees of freedom, or Infinity for the normal limit`,
    );
  }
}

/**
 * Two-sided tail P(|T| > |t|) of Student's t with `df` degrees of freedom (internal: no checks).
 *
 * P(|T| > |t|) = I_x(df/2, 1/2) with x = df/(df + t²), and 1 − x = t²/(df + t²) formed without
 * subtraction, so the result keeps full relative precision deep into the tails.
 * @internal
 */
export function studentTTwoSided(t: number, df: number): number {
  const at = Math.abs(t);
  if (at === 0) return 1;
  if (df === Infinity) return 2 * normalCdf(-at);
  if (at === Infinity) return 0;
  if (at > 1e150) {
    // x = df/(df + t²) would underflow; here I_x(a, ½) = x^a/(a B(a, ½)) to within a factor 1 + O(x).
    const a = df / 2;
    return Math.exp(a * (Math.log(df) - 2 * Math.log(at)) - logBeta(a, 0.5) - Math.log(a));
  }
  let x: number;
  let y: number;
  if (at * at < df) {
    const u = (at / Math.sqrt(df)) ** 2; // t²/df < 1
    x = 1 / (1 + u);
    y = u / (1 + u);
  } else {
    const r = df / at / at; // df/t² ≤ 1
    x = r / (1 + r);
    y = 1 / (1 + r);
  }
  return incompleteBeta(x, y, df / 2, 0.5).lower;
}

/**
 * Student's t distribution function P(T ≤ t) with `df` degrees of freedom (df may be fractional,
 * as Welch–Satterthwaite degrees of freedom are; Infinity gives the normal distribution).
 *
 * Computed as ½ I_x(df/2, ½), x = df/(df + t²), through the regularized incomplete beta function's
 * continued fraction; about 1e-14 relative accuracy, in the lower tail down to the smallest doubles.
 * Values near 1 round; use {@link studentTSurvival} for upper-tail probabilities.
 *
 * @param t any number except NaN.
 * @param df degrees of freedom, > 0 (Infinity allowed).
 * @throws StatsError `invalid_argument` for NaN t or df ≤ 0.
 */
export function studentTCdf(t: number, df: number): number {
  notNaN('studentTCdf', 't', t);
  checkDf('studentTCdf', df);
  const half = 0.5 * studentTTwoSided(t, df);
  return t < 0 ? half : 1 - half;
}

/**
 * Student's t survival function P(T > t) = P(T ≤ −t), accurate in the upper tail.
 *
 * @throws StatsError `invalid_argument` for NaN t or df ≤ 0.
 */
export function studentTSurvival(t: number, df: number): number {
  notNaN('studentTSurvival', 't', t);
  checkDf('studentTSurvival', df);
  const half = 0.5 * studentTTwoSided(t, df);
  return t > 0 ? half : 1 - half;
}
