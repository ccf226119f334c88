import { StatsError } from '../errors/stats-error.js';
import { finite, integerAtLeast, nonNegative, record } from '../errors/validate.js';

/**
 * A sufficient summary of one arm's metric: count, mean and sample variance (divisor n − 1).
 * Produced by {@link summarize} or a {@link Welford} accumulator, and consumed by the tests.
 * Summaries from many processes combine exactly with {@link mergeSummaries}.
 */
export interface Summary {
  /** Number of observations. */
  readonly n: number;
  /** Arithmetic mean (0 when n = 0). */
  readonly mean: number;
  /** Sample variance with divisor n − 1 (0 when n < 2). */
  readonly variance: number;
}

/**
 * Validates a {@link Summary} argument (`name` is used in messages, for example `'a'`).
 * @internal
 */
export function checkSummary(fn: string, name: string, value: unknown, minN: number): Summary {
  const s = record(fn, name, value);
  const n = integerAtLeast(fn, `${name}.n`, s.n, 0, 'pass the number of observations');
  if (n < minN) {
    throw new StatsError(
      'insufficient_data',
      `${name}.n`,
      `${fn}: ${name}.n must be at least ${minN} (got ${n}); collect at least ${minN} observations in this arm before testing (a sample variance needs two)`,
    );
  }
  const mean = finite(fn, `${name}.mean`, s.mean, 'pass the arithmetic mean of the observations');
  const variance = nonNegative(fn, `${name}.variance`, s.variance, 'pass the sample variance (divisor n − 1)');
  if (n < 2 && variance !== 0) {
    throw new StatsError(
      'invalid_argument',
      `${name}.variance`,
      `${fn}: ${name}.variance must be 0 when ${name}.n < 2 (got ${variance}); a sample variance needs two observations`,
    );
  }
  return { n, mean, variance };
}
