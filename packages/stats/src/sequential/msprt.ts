import { StatsError } from '../errors/stats-error.js';
import { finite, positive, record } from '../errors/validate.js';
import { mixtureLogRatio, type MsprtResult, resultOf } from './mixture-log-ratio.js';

/** Input of {@link msprt}. */
export interface MsprtInput {
  /** Units per arm so far (n observations in each of the two arms). Required, > 0. */
  n: number;
  /** Difference of the arm means, treatment − control (ȳ − x̄). Required, finite. */
  diff: number;
  /** Per-observation variance σ², common to both arms (plug in the pooled sample variance). Required, > 0. */
  variance: number;
  /** Variance τ² of the normal mixing distribution over the effect, on the scale of diff². Required, > 0. */
  tau2: number;
  /** Effect under the null hypothesis. Default: 0. */
  theta0?: number;
}

/**
 * Mixture sequential probability ratio test (mSPRT) for the difference of two normal means with n
 * units per arm (R. Johari, L. Pekelis and D. Walsh, "Always valid inference: bringing sequential
 * analysis to A/B testing", arXiv:1512.04922; journal version with P. Koomen, "Always valid
 * inference: continuous monitoring of A/B tests", Operations Research 70(3), 2022):
 *
 *   Λₙ = √(2σ²/(2σ² + nτ²)) · exp(n²τ²(diff − θ₀)² / (4σ²(2σ² + nτ²))),  p = min(1, 1/Λₙ).
 *
 * Under H₀, P(Λₙ ≥ 1/α for some n) ≤ α (Ville's inequality), so the running minimum of p over looks —
 * kept by {@link MsprtMonitor} — is an always-valid p-value: look after every unit if you like.
 * τ² is the spread of the effects the test is tuned to: choose it near the square of the effect you
 * expect (JPW fit it to the effects of past experiments).
 *
 * @throws StatsError `invalid_argument` when n, variance or tau2 is not a finite positive number, or
 *   diff or theta0 is NaN or infinite.
 */
export function msprt(input: MsprtInput): MsprtResult {
  const fn = 'msprt';
  const o = record(fn, 'input', input);
  const n = positive(fn, 'n', o.n, 'pass the number of units per arm');
  const diff = finite(fn, 'diff', o.diff, 'pass the difference of the arm means');
  const variance = positive(
    fn,
    'variance',
    o.variance,
    'pass the per-observation variance (it must be > 0; wait for more data if both arms are constant)',
  );
  const tau2 = positive(fn, 'tau2', o.tau2, 'pass the mixing variance, for example the square of the expected effect');
  const theta0 = o.theta0 === undefined ? 0 : finite(fn, 'theta0', o.theta0, 'pass the null effect, usually 0');
  const diffVariance = (2 * variance) / n;
  if (!(diffVariance > 0)) {
    throw new StatsError(
      'degenerate_data',
      'variance',
      `${fn}: 2·variance/n underflows to 0 (variance ${variance}, n ${n}); rescale the metric`,
    );
  }
  return resultOf(mixtureLogRatio(diff, diffVariance, tau2, theta0));
}
