import { StatsError } from '../errors/stats-error.js';

/**
 * The alternative hypothesis about diff = b − a:
 * - `'two-sided'`: b ≠ a;
 * - `'greater'`: b > a (for example "the challenger converts better");
 * - `'less'`: b < a (for example "the canary's latency is lower").
 */
export type Alternative = 'two-sided' | 'greater' | 'less';

/** @internal Reads `options.alternative`, default `'two-sided'`. */
export function readAlternative(fn: string, value: unknown): Alternative {
  if (value === undefined) return 'two-sided';
  if (value === 'two-sided' || value === 'greater' || value === 'less') return value;
  throw new StatsError(
    'invalid_argument',
    'alternative',
    `${fn}: alternative must be 'two-sided', 'greater' or 'less' (got ${JSON.stringify(value)}); leave it out for a two-sided test`,
  );
}

/**
 * The (1 − α) interval for `estimate` with standard error `se`: two-sided estimate ± c(α/2)·se, or
 * one-sided with c(α), where c(q) is the upper-q critical value of the reference distribution.
 * @internal
 */
export function interval(
  alternative: Alternative,
  estimate: number,
  se: number,
  critical: (tail: number) => number,
  alpha: number,
): [number, number] {
  if (alternative === 'two-sided') {
    const h = critical(alpha / 2) * se;
    return [estimate - h, estimate + h];
  }
  const h = critical(alpha) * se;
  return alternative === 'greater' ? [estimate - h, Infinity] : [-Infinity, estimate + h];
}
