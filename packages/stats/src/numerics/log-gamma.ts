/** ln √(2π). */
export const LN_SQRT_2PI = 0.918938533204672741780329736406;

/**
 * Stirling's series remainder δ(x) = ln Γ(x) − [(x − ½) ln x − x + ln √(2π)] for x ≥ 10
 * (Loader's "stirlerr" for non-integers). Seven Bernoulli terms leave an error below 3e-17.
 * @internal
 */
export function stirlingCorrection(x: number): number {
  const x2 = 1 / (x * x);
  return (
    (1 / 12 - x2 * (1 / 360 - x2 * (1 / 1260 - x2 * (1 / 1680 - x2 * (1 / 1188 - x2 * (691 / 360360 - x2 / 156)))))) / x
  );
}

/**
 * ln Γ(x) for x > 0 (internal: callers validate).
 *
 * For x ≥ 10 Stirling's series with {@link stirlingCorrection}; below 10 the recurrence
 * Γ(x) = Γ(x + k) / (x (x + 1) ⋯ (x + k − 1)) shifts the argument up. Absolute error about 1e-15,
 * which is what matters where the result is exponentiated.
 * @internal
 */
export function logGamma(x: number): number {
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingCorrection(x);
  let product = 1;
  let z = x;
  while (z < 10) {
    product *= z;
    z += 1;
  }
  return (z - 0.5) * Math.log(z) - z + LN_SQRT_2PI + stirlingCorrection(z) - Math.log(product);
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b > 0, arranged (as in R's `lbeta`) so that
 * large arguments do not cancel: with p = min(a, b) and q = max(a, b),
 * - p ≥ 10: −½ ln q + ln √(2π) + δ(p) + δ(q) − δ(p + q) + (p − ½) ln(p/(p + q)) + q ln(1 − p/(p + q));
 * - q ≥ 10: ln Γ(p) + δ(q) − δ(p + q) + p − p ln(p + q) + (q − ½) ln(1 − p/(p + q));
 * - otherwise directly.
 * @internal
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  const s = p + q;
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(s);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / s) + q * Math.log1p(-p / s);
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(s);
    return logGamma(p) + corr + p - p * Math.log(s) + (q - 0.5) * Math.log1p(-p / s);
  }
  return logGamma(p) + logGamma(q) - logGamma(s);
}
