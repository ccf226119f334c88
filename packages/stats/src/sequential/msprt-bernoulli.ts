import { StatsError } from '../errors/stats-error.js';
import { closedUnit, finite, positive, record } from '../errors/validate.js';
import { mixtureLogRatio, type MsprtResult, resultOf } from './mixture-log-ratio.js';

/** Input of {@link msprtBernoulli}. */
export interface MsprtBernoulliInput {
  /** Units per arm so far. Required, > 0. */
  n: number;
  /** Control arm's observed rate x̄, in [0, 1]. Required. */
  meanA: number;
  /** Treatment arm's observed rate ȳ, in [0, 1]. Required. */
  meanB: number;
  /** Variance τ² of the normal mixing distribution over the difference in rates. Required, > 0. */
  tau2: number;
  /** Difference in rates under the null hypothesis. Default: 0. */
  theta0?: number;
}

/**
 * Bernoulli form of the two-sample mSPRT (Johari, Pekelis and Walsh): the normal formula of {@link msprt}
 * with 2σ² replaced by V = x̄(1 − x̄) + ȳ(1 − ȳ):
 *
 *   Λₙ = √(V/(V + nτ²)) · exp(n²τ²(ȳ − x̄ − θ₀)² / (2V(V + nτ²))),  p = min(1, 1/Λₙ).
 *
 * @throws StatsError `invalid_argument` for rates outside [0, 1], a non-positive n or tau2, or NaN;
 *   `degenerate_data` when V = 0 (both rates are 0 or 1), where the plug-in variance carries no
 *   information yet.
 */
export function msprtBernoulli(input: MsprtBernoulliInput): MsprtResult {
  const fn = 'msprtBernoulli';
  const o = record(fn, 'input', input);
  const n = positive(fn, 'n', o.n, 'pass the number of units per arm');
  const meanA = closedUnit(fn, 'meanA', o.meanA, "pass the control arm's observed rate");
  const meanB = closedUnit(fn, 'meanB', o.meanB, "pass the treatment arm's observed rate");
  const tau2 = positive(
    fn,
    'tau2',
    o.tau2,
    'pass the mixing variance, for example the square of the expected change in rate',
  );
  const theta0 = o.theta0 === undefined ? 0 : finite(fn, 'theta0', o.theta0, 'pass the null difference, usually 0');
  const v = meanA * (1 - meanA) + meanB * (1 - meanB);
  if (v === 0) {
    throw new StatsError(
      'degenerate_data',
      'meanA',
      `${fn}: both rates are 0 or 1 (meanA ${meanA}, meanB ${meanB}), so the plug-in variance is 0; wait until an arm has both outcomes`,
    );
  }
  return resultOf(mixtureLogRatio(meanB - meanA, v / n, tau2, theta0));
}
