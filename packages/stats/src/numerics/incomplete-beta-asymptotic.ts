import { upperGammaRatio } from './incomplete-gamma.js';
import { logBeta, logGamma } from './log-gamma.js';

const EPS = 1e-16;
const TERMS = 30;

/**
 * I_x(a, b) for large a (≥ 15) and small b (≤ 1): the asymptotic expansion in incomplete gamma
 * functions of A. R. Didonato and A. H. Morris, "Algorithm 708: Significant digit computation of the
 * incomplete beta function ratios", ACM TOMS 18(3) (1992) 360-373, section 9 (routine BGRAT).
 *
 * With T = a + (b − 1)/2 and u = −T ln x,
 *   I_x(a, b) ≈ M Σₙ pₙ Jₙ(b, u),   M = [e^(−u) u^b / Γ(b)] · Γ(a + b) / (Γ(a) T^b),
 * J₀ = Q(b, u) / (e^(−u) u^b / Γ(b)), Jₙ from J₍ₙ₋₁₎ by a two-term recurrence, and pₙ from
 * p₀ = 1, pₙ = (b − 1) cₙ + (1/n) Σₘ₌₁ⁿ⁻¹ (m b − n) cₘ pₙ₋ₘ with cₘ = 1/(2m + 1)!.
 *
 * Where a is large and x sits within about 1/a of the distribution's mass, the continued fraction
 * needs O(√a) steps and loses digits (3e-10 at a = 5e6); this expansion converges in a few terms
 * with full precision there. x and y = 1 − x are passed separately.
 * @internal
 */
export function incompleteBetaLargeA(a: number, b: number, x: number, y: number): number {
  const bm1 = b - 1;
  const nu = a + bm1 / 2;
  const lnx = y > 0.375 ? Math.log(x) : Math.log1p(-y);
  const z = -nu * lnx;
  if (z <= 0) return 1;
  const { ratio, logR } = upperGammaRatio(b, z);
  // ln M = ln r − ln(Γ(a)/Γ(a + b)) − b ln T, and ln(Γ(a)/Γ(a + b)) = ln B(a, b) − ln Γ(b).
  const logM = logR - (logBeta(a, b) - logGamma(b)) - b * Math.log(nu);
  const v = 0.25 / (nu * nu);
  const t2 = 0.25 * lnx * lnx;
  const c = new Array<number>(TERMS);
  const d = new Array<number>(TERMS);
  let j = ratio;
  let sum = j;
  let t = 1;
  let cn = 1;
  let n2 = 0;
  for (let n = 1; n <= TERMS; n++) {
    const bp2n = b + n2;
    j = (bp2n * (bp2n + 1) * j + (z + bp2n + 1) * t) * v;
    n2 += 2;
    t *= t2;
    cn /= n2 * (n2 + 1);
    c[n - 1] = cn;
    let s = 0;
    let coef = b - n;
    for (let i = 1; i < n; i++) {
      s += coef * c[i - 1]! * d[n - 1 - i]!;
      coef += b;
    }
    d[n - 1] = bm1 * cn + s / n;
    const dj = d[n - 1]! * j;
    sum += dj;
    if (Math.abs(dj) <= EPS * sum) break;
  }
  return Math.exp(logM + Math.log(sum));
}
