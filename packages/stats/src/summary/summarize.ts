import type { Summary } from './summary.js';
import { Welford } from './welford.js';

/**
 * `{ n, mean, variance }` of a list of numbers in one stable pass (Welford). The variance is the
 * sample variance (divisor n − 1); it is 0 for fewer than two values, and the mean is 0 for none.
 *
 * @throws StatsError `invalid_argument` when a value is NaN or infinite.
 */
export function summarize(values: Iterable<number>): Summary {
  return new Welford().addAll(values).toSummary();
}
