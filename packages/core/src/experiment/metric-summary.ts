import { Welford, type Summary } from '@modelroute/stats';
import type { SummaryCounts } from '../vocabulary/experiment-counts.js';

/**
 * One metric of one variant under one document version: the values tracked so far as a Welford
 * accumulator (stable mean and variance, merged exactly with Chan's update) and as the sums the
 * OpenTelemetry counters export (Σ of positive values, Σ of |negative values|, Σx²), which stay
 * monotonic whatever the sign of the values and add up across instances in any backend.
 */
export class MetricSummary implements SummaryCounts {
  readonly welford = new Welford();
  /** Σ max(x, 0). */
  positive = 0;
  /** Σ max(−x, 0). */
  negative = 0;
  /** Σ x². */
  squares = 0;

  get n(): number {
    return this.welford.n;
  }

  /** Adds one value; the caller has checked that it is finite (and 0 or 1 for a proportion). */
  add(value: number): void {
    this.welford.add(value);
    if (value >= 0) this.positive += value;
    else this.negative -= value;
    this.squares += value * value;
  }

  /** Adds what another summary (another router, another process) holds: exact, in any order. */
  merge(other: MetricSummary): this {
    this.welford.merge(other.welford);
    this.positive += other.positive;
    this.negative += other.negative;
    this.squares += other.squares;
    return this;
  }

  /**
   * `{ n, mean, variance }` for the analysis. A proportion's comes from its success count (exact, as the
   * fleet path computes it from the counters); a mean's from the Welford accumulator.
   */
  summary(kind: 'proportion' | 'mean'): Summary {
    return kind === 'proportion' ? proportionSummary(this.n, this.positive) : this.welford.toSummary();
  }
}

/** The summary of `n` values of 0 or 1 of which `successes` are 1 (sample variance, divisor n − 1). */
export function proportionSummary(n: number, successes: number): Summary {
  if (n === 0) return { n: 0, mean: 0, variance: 0 };
  const mean = successes / n;
  return { n, mean, variance: n < 2 ? 0 : (n * mean * (1 - mean)) / (n - 1) };
}

/**
 * The summary of `n` values from their sum and sum of squares, as the fleet path reads them from the
 * exported counters. (Less stable than Welford when the mean is large against the spread: fine for the
 * rates, scores and amounts of an experiment; the local analysis uses Welford.)
 */
export function sumsSummary(n: number, sum: number, squares: number): Summary {
  if (n === 0) return { n: 0, mean: 0, variance: 0 };
  const mean = sum / n;
  return { n, mean, variance: n < 2 ? 0 : Math.max(0, (squares - sum * mean) / (n - 1)) };
}
