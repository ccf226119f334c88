import { closedUnit } from '../errors/validate.js';

// M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution",
// Applied Statistics 37(3) (1988) 477-484. PPND16, about 1e-16 relative accuracy.
const A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457,
  67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
] as const;
const B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061,
  28729.085735721942674, 5226.495278852854561,
] as const;
const C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258,
  0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
] as const;
const D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
] as const;
const E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093,
  0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
] as const;
const F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
] as const;

function ratio(num: readonly number[], den: readonly number[], r: number): number {
  let n = num[7]!;
  let d = den[7]!;
  for (let i = 6; i >= 0; i--) {
    n = n * r + num[i]!;
    d = d * r + den[i]!;
  }
  return n / d;
}

/**
 * Quantile of the standard normal tail: the z > 0 with P(Z > z) = q, for 0 < q ≤ 0.5,
 * without forming 1 − q (so z stays accurate for q down to the smallest doubles).
 * @internal
 */
export function normalUpperQuantile(q: number): number {
  if (q === 0) return Infinity;
  const d = 0.5 - q;
  if (d <= 0.425) return ratio(A, B, 0.180625 - d * d) * d;
  const r = Math.sqrt(-Math.log(q));
  return r <= 5 ? ratio(C, D, r - 1.6) : ratio(E, F, r - 5);
}

/**
 * Standard normal quantile Φ⁻¹(p): the z with P(Z ≤ z) = p.
 *
 * Wichura's AS 241 (PPND16), about 1e-16 relative accuracy for every p that a double can hold,
 * including p down to 1e-300. For an upper-tail probability q, `-normalQuantile(q)` is accurate;
 * `normalQuantile(1 - q)` loses the digits that `1 - q` rounds away.
 *
 * @param p probability in [0, 1]; 0 gives -Infinity and 1 gives +Infinity.
 * @throws StatsError `invalid_argument` when p is NaN or outside [0, 1].
 */
export function normalQuantile(p: number): number {
  closedUnit('normalQuantile', 'p', p, 'pass a probability');
  if (p < 0.5) return -normalUpperQuantile(p);
  if (p === 0.5) return 0;
  return normalUpperQuantile(1 - p);
}
