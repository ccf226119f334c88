import type { Summary } from './summary.js';
import { Welford } from './welford.js';

/**
 * Combines summaries of disjoint sets of observations (for example one per process in a fleet)
 * into the summary of their union, with Chan, Golub and LeVeque's pairwise update. Exact up to
 * rounding: the same as summarizing all observations in one pass.
 *
 * @throws StatsError `invalid_argument` when a summary is malformed.
 */
export function mergeSummaries(...summaries: readonly Summary[]): Summary {
  const acc = new Welford();
  for (const s of summaries) acc.merge(s);
  return acc.toSummary();
}
