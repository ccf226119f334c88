import { incompleteBetaLargeA } from './incomplete-beta-asymptotic.js';
import { logBeta } from './log-gamma.js';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/** Both tails of the regularized incomplete beta function. */
export interface BetaTails {
  /** I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b). */
  lower: number;
  /** 1 − I_x(a, b) = I_{1−x}(b, a), computed directly when it is the small one. */
  upper: number;
}

/**
 * Continued fraction for I_x(a, b) (Numerical Recipes `betacf`, evaluated with the modified Lentz
 * method). Converges quickly for x < (a + 1)/(a + b + 2).
 */
function continuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  return h;
}

/** x^a (1 − x)^b / (a B(a, b)) · CF, with ln x and ln(1 − x) taken from whichever of x, y is small. */
function lowerByFraction(x: number, y: number, a: number, b: number): number {
  const lnX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const lnY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  const front = Math.exp(a * lnX + b * lnY - logBeta(a, b)) / a;
  return front * continuedFraction(a, b, x);
}

/**
 * Regularized incomplete beta function I_x(a, b), both tails, for a, b > 0 (internal: callers
 * validate). The caller passes x and y = 1 − x separately so that neither loses digits to a
 * subtraction. The tail on the far side of the mean is computed directly (never as 1 − something),
 * so small tail probabilities keep full relative precision far below 1e-12.
 * @internal
 */
export function incompleteBeta(x: number, y: number, a: number, b: number): BetaTails {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (y <= 0) return { lower: 1, upper: 0 };
  if (a >= 15 && b <= 1 && y < 0.29) {
    const lower = Math.min(1, incompleteBetaLargeA(a, b, x, y));
    return { lower, upper: 1 - lower };
  }
  if (x < (a + 1) / (a + b + 2)) {
    const lower = Math.min(1, lowerByFraction(x, y, a, b));
    return { lower, upper: 1 - lower };
  }
  const upper = Math.min(1, lowerByFraction(y, x, b, a));
  return { lower: 1 - upper, upper };
}
