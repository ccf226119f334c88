import { StatsError } from '../errors/stats-error.js';
import { integerAtLeast, record } from '../errors/validate.js';

/** Successes out of n units in one arm (for example conversions, errors, or invalid predictions). */
export interface ProportionCounts {
  /** Number of units. Integer ≥ 1. */
  readonly n: number;
  /** Units with the outcome. Integer in [0, n]. */
  readonly successes: number;
}

/** @internal Validates a {@link ProportionCounts} argument. */
export function checkCounts(fn: string, name: string, value: unknown): ProportionCounts {
  const c = record(fn, name, value);
  const n = integerAtLeast(fn, `${name}.n`, c.n, 0, 'pass the number of units in the arm');
  if (n < 1) {
    throw new StatsError(
      'insufficient_data',
      `${name}.n`,
      `${fn}: ${name}.n must be at least 1 (got 0); wait until the arm has units before testing`,
    );
  }
  const successes = integerAtLeast(fn, `${name}.successes`, c.successes, 0, 'pass the count of units with the outcome');
  if (successes > n) {
    throw new StatsError(
      'invalid_argument',
      `${name}.successes`,
      `${fn}: ${name}.successes must not exceed ${name}.n (got ${successes} of ${n}); count each unit at most once`,
    );
  }
  return { n, successes };
}
