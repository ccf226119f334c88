import { finite } from '../errors/validate.js';
import { checkSummary, type Summary } from './summary.js';

/**
 * Streaming mean and variance accumulator (B. P. Welford, "Note on a method for calculating
 * corrected sums of squares and products", Technometrics 4(3) (1962) 419-420), mergeable with
 * the pairwise update of T. F. Chan, G. H. Golub and R. J. LeVeque ("Updating formulae and a
 * pairwise algorithm for computing sample variances", Stanford CS report STAN-CS-79-773, 1979).
 *
 * Numerically stable (no sum of squares), O(1) memory, and exact to combine: accumulate per
 * process, ship `toSummary()` anywhere, and `merge` the summaries; the result equals a single
 * pass over all observations up to rounding.
 *
 * @example
 * const a = new Welford();
 * for (const latency of batch) a.add(latency);
 * const fleet = new Welford().merge(a).merge(summaryFromAnotherProcess);
 * welchTTest(fleet.toSummary(), candidate.toSummary());
 */
export class Welford {
  #n = 0;
  #mean = 0;
  #m2 = 0;

  /** A new accumulator holding the observations that `summary` describes. */
  static from(summary: Summary): Welford {
    return new Welford().merge(summary);
  }

  /** Number of observations so far. */
  get n(): number {
    return this.#n;
  }

  /** Mean of the observations so far (0 before the first). */
  get mean(): number {
    return this.#mean;
  }

  /** Sample variance (divisor n − 1) of the observations so far; 0 while n < 2. */
  get variance(): number {
    return this.#n < 2 ? 0 : this.#m2 / (this.#n - 1);
  }

  /**
   * Adds one observation.
   * @throws StatsError `invalid_argument` when `value` is NaN or infinite.
   */
  add(value: number): this {
    finite('Welford.add', 'value', value, 'skip or clean non-finite observations before adding them');
    this.#n += 1;
    const delta = value - this.#mean;
    this.#mean += delta / this.#n;
    this.#m2 += delta * (value - this.#mean);
    return this;
  }

  /** Adds every value of an iterable (see {@link Welford.add}). */
  addAll(values: Iterable<number>): this {
    for (const value of values) this.add(value);
    return this;
  }

  /**
   * Merges another accumulator or summary into this one (Chan et al.):
   * n = nₐ + n_b, δ = mean_b − meanₐ, mean = meanₐ + δ n_b / n, M₂ = M₂ₐ + M₂_b + δ² nₐ n_b / n.
   * @throws StatsError `invalid_argument` when `other` is not a valid summary.
   */
  merge(other: Summary | Welford): this {
    const s = other instanceof Welford ? other.toSummary() : checkSummary('Welford.merge', 'other', other, 0);
    if (s.n === 0) return this;
    const m2 = s.variance * (s.n - 1);
    if (this.#n === 0) {
      this.#n = s.n;
      this.#mean = s.mean;
      this.#m2 = m2;
      return this;
    }
    const n = this.#n + s.n;
    const delta = s.mean - this.#mean;
    this.#mean += (delta * s.n) / n;
    this.#m2 += m2 + (delta * delta * this.#n * s.n) / n;
    this.#n = n;
    return this;
  }

  /** The current `{ n, mean, variance }`, a plain object safe to serialize and send. */
  toSummary(): Summary {
    return { n: this.#n, mean: this.#mean, variance: this.variance };
  }

  /** Same as {@link Welford.toSummary}, so `JSON.stringify(acc)` gives the summary. */
  toJSON(): Summary {
    return this.toSummary();
  }
}
