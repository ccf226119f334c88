import { StatsError } from '../errors/stats-error.js';
import { nonNegative } from '../errors/validate.js';

/**
 * Checks two histograms over the same bins and returns their smoothed proportions.
 *
 * Smoothing: Jeffreys' prior, half a count added to every bin of both histograms, p_i = (c_i + ½) / (n + k/2).
 * A fixed fill such as 1e-4 for empty bins makes ln(p/q) of an empty bin about ln(1e-4 / p) ≈ −7 whatever
 * the sample size, so a few empty bins in a small sample dominate the index; half a count shrinks both
 * sides toward uniform by the same amount, matters less as n grows, and is exact in the limit.
 * @internal
 */
export function smoothedProportions(
  fn: string,
  expected: readonly number[],
  actual: readonly number[],
): { p: number[]; q: number[] } {
  if (!Array.isArray(expected) || !Array.isArray(actual) || expected.length !== actual.length || expected.length < 2)
    throw new StatsError(
      'invalid_argument',
      'actual',
      `${fn}: expected and actual must be arrays of bin counts of the same length, at least 2 (got ${Array.isArray(expected) ? expected.length : typeof expected} and ${Array.isArray(actual) ? actual.length : typeof actual}); pass one count per bin`,
    );
  expected.forEach((c, i) => nonNegative(fn, `expected[${i}]`, c, 'pass bin counts'));
  actual.forEach((c, i) => nonNegative(fn, `actual[${i}]`, c, 'pass bin counts'));
  const k = expected.length;
  const ne = expected.reduce((a, b) => a + b, 0) + k / 2;
  const na = actual.reduce((a, b) => a + b, 0) + k / 2;
  return { p: expected.map((c) => (c + 0.5) / ne), q: actual.map((c) => (c + 0.5) / na) };
}
