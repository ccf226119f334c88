import { notNaN } from '../errors/validate.js';

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969)
// 631-637, as refined in Cody's ANORM (ACM TOMS Algorithm 715, 1993). Coefficients are Cody's.
const A = [
  2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113,
] as const;
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956] as const;
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
] as const;
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
] as const;
const P = [
  0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5,
  0.02307344176494017303,
] as const;
const Q = [
  1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5,
] as const;
const INV_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;
const Q3 = 0.67448975; // ≈ qnorm(3/4): boundary of the central approximation

/**
 * exp(-y²/2) without the cancellation of squaring a long mantissa: y is split into a part with
 * 4 fractional bits (whose square is exact) and a small remainder.
 */
function gaussianKernel(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5);
}

/**
 * The smaller tail Φ(-|x|) for |x| > qnorm(3/4), with full relative precision (Cody).
 * @internal
 */
export function normalSmallTail(y: number): number {
  if (y === Infinity) return 0;
  let temp: number;
  if (y <= SQRT_32) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * y;
      den = (den + D[i]!) * y;
    }
    temp = (num + C[7]) / (den + D[7]);
  } else {
    const xsq = 1 / (y * y);
    let num = P[5] * xsq;
    let den = xsq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]!) * xsq;
      den = (den + Q[i]!) * xsq;
    }
    temp = (xsq * (num + P[4])) / (den + Q[4]);
    temp = (INV_SQRT_2PI - temp) / y;
  }
  return gaussianKernel(y) * temp;
}

/**
 * Standard normal distribution function Φ(x) = P(Z ≤ x).
 *
 * Cody's rational Chebyshev approximation (the algorithm behind R's `pnorm`): about 1e-15 relative
 * error over the whole range, including the far lower tail (Φ(-37.5) ≈ 4.6e-308). Values above
 * about 8.3 round to 1; use {@link normalSurvival} for upper-tail probabilities.
 *
 * @param x any number except NaN (±Infinity give 0 and 1).
 * @throws StatsError `invalid_argument` when x is NaN.
 */
export function normalCdf(x: number): number {
  notNaN('normalCdf', 'x', x);
  const y = Math.abs(x);
  if (y <= Q3) {
    let num = 0;
    let den = 0;
    if (y > 1.1102230246251565e-16) {
      const xsq = x * x;
      num = A[4] * xsq;
      den = xsq;
      for (let i = 0; i < 3; i++) {
        num = (num + A[i]!) * xsq;
        den = (den + B[i]!) * xsq;
      }
    }
    return 0.5 + (x * (num + A[3])) / (den + B[3]);
  }
  const tail = normalSmallTail(y);
  return x > 0 ? 1 - tail : tail;
}

/**
 * Standard normal survival function 1 − Φ(x) = P(Z > x) = Φ(−x), accurate in the upper tail.
 *
 * @throws StatsError `invalid_argument` when x is NaN.
 */
export function normalSurvival(x: number): number {
  notNaN('normalSurvival', 'x', x);
  return normalCdf(-x);
}
