import { LN_SQRT_2PI, logGamma, stirlingCorrection } from './log-gamma.js';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/** Both tails of the regularized incomplete gamma function. */
export interface GammaTails {
  /** P(a, x) = γ(a, x)/Γ(a) = P(X ≤ x) for X ~ Gamma(a, 1). */
  lower: number;
  /** Q(a, x) = 1 − P(a, x). */
  upper: number;
}

/**
 * a·ln(a/x) + x − a without cancellation when x is close to a (C. Loader, "Fast and accurate
 * computation of binomial probabilities", 2000): a series in v = (a − x)/(a + x).
 */
function deviance(a: number, x: number): number {
  if (Math.abs(a - x) < 0.1 * (a + x)) {
    const v = (a - x) / (a + x);
    const v2 = v * v;
    let sum = (a - x) * v;
    let term = 2 * a * v;
    for (let j = 1; j < 1000; j++) {
      term *= v2;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return sum;
      sum = next;
    }
    return sum;
  }
  return a * Math.log(a / x) + x - a;
}

/** ln(x^a e^(−x) / Γ(a)), accurate also when a and x are large and close (Loader's form). */
function logPrefactor(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - logGamma(a);
  return -deviance(a, x) + 0.5 * Math.log(a) - LN_SQRT_2PI - stirlingCorrection(a);
}

/** P(a, x) / (x^a e^(−x) / Γ(a)) by its power series, for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  let ap = a;
  for (let n = 0; n < MAX_ITERATIONS; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum;
}

/** Q(a, x) / (x^a e^(−x) / Γ(a)) by its continued fraction (modified Lentz), for x ≥ a + 1. */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * Regularized incomplete gamma functions P(a, x) and Q(a, x) for a > 0, x ≥ 0 (internal: callers
 * validate). Series below x = a + 1, continued fraction above (Numerical Recipes `gser`/`gcf`), so
 * the tail on the far side is computed directly and keeps full relative precision.
 * @internal
 */
export function incompleteGamma(a: number, x: number): GammaTails {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x === Infinity) return { lower: 1, upper: 0 };
  if (x < a + 1) {
    const lower = Math.min(1, lowerSeries(a, x) * Math.exp(logPrefactor(a, x)));
    return { lower, upper: 1 - lower };
  }
  const upper = Math.min(1, upperFraction(a, x) * Math.exp(logPrefactor(a, x)));
  return { lower: 1 - upper, upper };
}

/**
 * Q(a, x) / r and ln r, where r = x^a e^(−x) / Γ(a), for a > 0, x > 0. The ratio stays finite where
 * Q and r both underflow (large x); Didonato and Morris's expansion of I_x(a, b) needs it.
 * @internal
 */
export function upperGammaRatio(a: number, x: number): { ratio: number; logR: number } {
  const logR = logPrefactor(a, x);
  if (x >= a + 1) return { ratio: upperFraction(a, x), logR };
  const lower = Math.min(1, lowerSeries(a, x) * Math.exp(logR));
  return { ratio: (1 - lower) * Math.exp(-logR), logR };
}
