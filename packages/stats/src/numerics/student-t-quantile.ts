import { closedUnit } from '../errors/validate.js';
import { logBeta } from './log-gamma.js';
import { normalQuantile, normalUpperQuantile } from './normal-quantile.js';
import { checkDf, studentTTwoSided } from './student-t-cdf.js';

const HALF_PI = Math.PI / 2;
const MAX_ITERATIONS = 100;

/** ln of the t density at t ≥ 0. */
function logDensity(t: number, df: number, lnNorm: number): number {
  const u = t / Math.sqrt(df); // may overflow when df < 1
  return lnNorm - ((df + 1) / 2) * (u < 1e150 ? Math.log1p(u * u) : 2 * (Math.log(t) - 0.5 * Math.log(df)));
}

/**
 * Starting point for the solver: G. W. Hill, "Algorithm 396: Student's t-quantiles",
 * Comm. ACM 13(10) (1970) 619-620, for two-sided probability P = 2q; for df < 1 or where Hill's
 * expansion underflows, the tail asymptote P(T > t) ≈ df^(df/2 − 1) t^(−df) / B(df/2, ½).
 */
function initialGuess(q: number, df: number, lnB: number): number {
  const tailAsymptote = Math.exp(-(Math.log(q) + Math.log(df) + lnB - (df / 2) * Math.log(df)) / df);
  if (df < 1) return tailAsymptote;
  const P = 2 * q;
  const a = 1 / (df - 0.5);
  const b = 48 / (a * a);
  let c = (((20700 * a) / b - 98) * a - 16) * a + 96.36;
  const d = ((94.5 / (b + c) - 3) / b + 1) * Math.sqrt(a * HALF_PI) * df;
  let y = (d * P) ** (2 / df);
  if (!(y >= Number.EPSILON)) return tailAsymptote;
  if ((df < 2.1 && P > 0.5) || y > 0.05 + a) {
    const x = -normalUpperQuantile(q);
    y = x * x;
    if (df < 5) c += 0.3 * (df - 4.5) * (x + 0.6);
    c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
    y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x;
    y = Math.expm1(a * y * y);
  } else {
    y =
      ((1 / (((df + 6) / (df * y) - 0.089 * d - 0.822) * (df + 2) * 3) + 0.5 / (df + 4)) * y - 1) *
        ((df + 1) / (df + 2)) +
      1 / y;
  }
  const t = Math.sqrt(df * y);
  return Number.isFinite(t) && t > 0 ? t : tailAsymptote;
}

/**
 * The t > 0 with P(T > t) = q, 0 < q < ½: safeguarded Newton iteration on ln P(T > t) − ln q
 * (in ln t above t = 1, where the tail is close to a power law), keeping a bracket and falling back
 * to bisection whenever a step leaves it.
 */
function upperQuantile(q: number, df: number): number {
  const lnB = logBeta(df / 2, 0.5);
  const lnNorm = -0.5 * Math.log(df) - lnB;
  const lnQ = Math.log(q);
  let lo = 0;
  let hi = Infinity;
  let t = initialGuess(q, df, lnB);
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const s = 0.5 * studentTTwoSided(t, df);
    if (s === q) return t;
    if (s > q) {
      if (t === Number.MAX_VALUE) return Infinity; // the quantile is beyond the largest double
      lo = t;
    } else hi = t;
    const g = Math.log(s) - lnQ;
    // ρ = S/(t f), from logs because S and f may both underflow while their ratio does not.
    const rho = Math.exp(Math.log(s) - logDensity(t, df, lnNorm) - Math.log(t));
    let next = t > 1 ? t * Math.exp(g * rho) : t + g * rho * t;
    // S carries a relative rounding error of a few 1e-15, which moves t by about that much times
    // t(1 + ρ); smaller steps are noise, and so is a bracket that has shrunk to a few ulps.
    if (Number.isFinite(rho) && Math.abs(next - t) <= 4e-15 * t * (1 + rho)) return next;
    if (hi < Infinity && hi - lo <= 4e-15 * hi) return t;
    if (!(next > lo && next < hi)) {
      if (hi === Infinity) next = Math.min(2 * Math.max(t, 1), Number.MAX_VALUE);
      else next = lo > 0 ? Math.sqrt(lo) * Math.sqrt(hi) : hi / 2;
    }
    t = next;
  }
  return t;
}

/**
 * Student's t quantile: the t with P(T ≤ t) = p for `df` degrees of freedom (fractional df allowed;
 * Infinity gives the normal quantile).
 *
 * Hill's Algorithm 396 gives a starting point; a safeguarded Newton iteration on the logarithm of the
 * tail probability (computed by {@link studentTCdf}'s incomplete beta function) then converges to
 * about 1e-14 relative accuracy, also in the tails (p down to 1e-300). For an upper-tail probability q,
 * `-studentTQuantile(q, df)` is more accurate than `studentTQuantile(1 - q, df)`.
 *
 * @param p probability in [0, 1]; 0 gives -Infinity and 1 gives +Infinity.
 * @param df degrees of freedom, > 0 (Infinity allowed).
 * @throws StatsError `invalid_argument` for p outside [0, 1], NaN, or df ≤ 0.
 */
export function studentTQuantile(p: number, df: number): number {
  closedUnit('studentTQuantile', 'p', p, 'pass a probability');
  checkDf('studentTQuantile', df);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity) return normalQuantile(p);
  const t = upperQuantile(Math.min(p, 1 - p), df);
  return p < 0.5 ? -t : t;
}
