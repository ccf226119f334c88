import { StatsError } from '../errors/stats-error.js';
import { alphaOption, closedUnit, finite, options as readOptions, positive, record } from '../errors/validate.js';
import { checkSummary, type Summary } from '../summary/summary.js';
import { mixtureLogRatio } from './mixture-log-ratio.js';
import type { MsprtInput } from './msprt.js';
import type { MsprtBernoulliInput } from './msprt-bernoulli.js';

/** Options of {@link MsprtMonitor}. */
export interface MsprtMonitorOptions {
  /** Variance τ² of the normal mixing distribution over the effect (scale of diff²). Required, > 0. */
  tau2: number;
  /** Effect under the null hypothesis. Default: 0. */
  theta0?: number;
  /** Significance level: `rejected` turns true once the running p-value is ≤ alpha. Default: 0.05. */
  alpha?: number;
}

/** What a {@link MsprtMonitor} knows after its latest look. */
export interface MsprtState {
  /** Looks taken so far (including skipped ones). */
  looks: number;
  /** Units per arm at the latest informative look (0 before it). */
  n: number;
  /** Λ at the latest informative look (1 before it). */
  lambda: number;
  /** The always-valid p-value: the running minimum of min(1, 1/Λ) over all looks. */
  pValue: number;
  /** True once pValue ≤ alpha; it stays true. */
  rejected: boolean;
  /** The look at which `rejected` first became true, or null. */
  rejectedAtLook: number | null;
}

/** A look in normal form: everything of {@link MsprtInput} except the monitor's own tau2 and theta0. */
export type MsprtLook = Pick<MsprtInput, 'n' | 'diff' | 'variance'>;
/** A look in Bernoulli form. */
export type MsprtBernoulliLook = Pick<MsprtBernoulliInput, 'n' | 'meanA' | 'meanB'>;

/**
 * Continuous monitoring with the mSPRT: feed it the running data after every batch (or every unit);
 * it keeps the running minimum of the mSPRT p-value, which is always valid, so stopping as soon as
 * `rejected` is true keeps the false-positive rate at or under alpha however often you look.
 *
 * A look whose plug-in variance is 0 (both arms constant so far) carries no information: it is counted
 * and otherwise ignored.
 *
 * @example
 * const monitor = new MsprtMonitor({ tau2: 0.01 });
 * // after each batch:
 * const { pValue, rejected } = monitor.observeSummaries(control.toSummary(), canary.toSummary());
 */
export class MsprtMonitor {
  readonly #tau2: number;
  readonly #theta0: number;
  readonly #alpha: number;
  #state: MsprtState = { looks: 0, n: 0, lambda: 1, pValue: 1, rejected: false, rejectedAtLook: null };

  /** @throws StatsError `invalid_argument` for a bad tau2, theta0 or alpha. */
  constructor(options: MsprtMonitorOptions) {
    const fn = 'MsprtMonitor';
    const o = record(fn, 'options', options);
    this.#tau2 = positive(
      fn,
      'tau2',
      o.tau2,
      'pass the mixing variance, for example the square of the expected effect',
    );
    this.#theta0 = o.theta0 === undefined ? 0 : finite(fn, 'theta0', o.theta0, 'pass the null effect, usually 0');
    this.#alpha = alphaOption(fn, readOptions(fn, options));
  }

  /** The state after the latest look. */
  get state(): MsprtState {
    return { ...this.#state };
  }

  /**
   * A look in normal form: n units per arm, diff = ȳ − x̄, common per-observation variance σ².
   * @throws StatsError `invalid_argument` for a non-positive n, a negative variance or NaN.
   */
  observe(look: MsprtLook): MsprtState {
    const fn = 'MsprtMonitor.observe';
    const o = record(fn, 'look', look);
    const n = positive(fn, 'n', o.n, 'pass the number of units per arm');
    const diff = finite(fn, 'diff', o.diff, 'pass the difference of the arm means');
    const variance = finite(fn, 'variance', o.variance, 'pass the per-observation variance');
    if (variance < 0)
      throw new StatsError('invalid_argument', 'variance', `${fn}: variance must be ≥ 0 (got ${variance})`);
    return this.#update(n, diff, (2 * variance) / n);
  }

  /**
   * A look in Bernoulli form: n units per arm and the two observed rates; 2σ² becomes
   * x̄(1 − x̄) + ȳ(1 − ȳ).
   * @throws StatsError `invalid_argument` for rates outside [0, 1], a non-positive n or NaN.
   */
  observeBernoulli(look: MsprtBernoulliLook): MsprtState {
    const fn = 'MsprtMonitor.observeBernoulli';
    const o = record(fn, 'look', look);
    const n = positive(fn, 'n', o.n, 'pass the number of units per arm');
    const a = closedUnit(fn, 'meanA', o.meanA, "pass the control arm's observed rate");
    const b = closedUnit(fn, 'meanB', o.meanB, "pass the treatment arm's observed rate");
    return this.#update(n, b - a, (a * (1 - a) + b * (1 - b)) / n);
  }

  /**
   * A look from two running summaries (control a, treatment b), for unequal arms too: uses the
   * variance of the difference of means, s²ₐ/nₐ + s²_b/n_b, in place of 2σ²/n (identical to
   * {@link MsprtMonitor.observe} with the average variance when nₐ = n_b = n).
   * @throws StatsError `insufficient_data` while an arm has fewer than 2 units; `invalid_argument` for a malformed summary.
   */
  observeSummaries(a: Summary, b: Summary): MsprtState {
    const fn = 'MsprtMonitor.observeSummaries';
    const sa = checkSummary(fn, 'a', a, 2);
    const sb = checkSummary(fn, 'b', b, 2);
    return this.#update(Math.min(sa.n, sb.n), sb.mean - sa.mean, sa.variance / sa.n + sb.variance / sb.n);
  }

  /** Forgets every look (for a restarted experiment). */
  reset(): void {
    this.#state = { looks: 0, n: 0, lambda: 1, pValue: 1, rejected: false, rejectedAtLook: null };
  }

  #update(n: number, diff: number, diffVariance: number): MsprtState {
    const s = this.#state;
    const looks = s.looks + 1;
    if (!(diffVariance > 0)) {
      this.#state = { ...s, looks };
      return this.state;
    }
    const logLambda = mixtureLogRatio(diff, diffVariance, this.#tau2, this.#theta0);
    const pValue = Math.min(s.pValue, 1, Math.exp(-logLambda));
    const rejected = pValue <= this.#alpha;
    this.#state = {
      looks,
      n,
      lambda: Math.exp(logLambda),
      pValue,
      rejected,
      rejectedAtLook: s.rejectedAtLook ?? (rejected ? looks : null),
    };
    return this.state;
  }
}
