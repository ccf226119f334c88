/**
 * Stable error codes of `@modelroute/stats`. Branch on these, never on messages.
 *
 * - `invalid_argument`: a value is NaN, infinite, negative, out of its domain or of the wrong type.
 * - `insufficient_data`: too few units to compute the statistic (for example `n < 2` for a variance).
 * - `degenerate_data`: the data leave the statistic undefined (for example zero variance in both arms).
 */
export type StatsErrorCode = 'invalid_argument' | 'insufficient_data' | 'degenerate_data';

/** Options of {@link StatsError}. */
export interface StatsErrorOptions {
  /** The underlying error, if any. Default: none. */
  cause?: unknown;
}

/**
 * The one error family of `@modelroute/stats`. Every function validates its input and throws a
 * `StatsError` instead of returning NaN. `code` is stable; `argument` names the offending argument
 * (for example `'a.n'`, `'alpha'`, `'counts[2]'`); the message says what to do about it.
 */
export class StatsError extends Error {
  /** Stable machine-readable code. */
  readonly code: StatsErrorCode;
  /** The argument (or argument path) that was rejected. */
  readonly argument: string;

  constructor(code: StatsErrorCode, argument: string, message: string, options: StatsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StatsError';
    this.code = code;
    this.argument = argument;
  }
}

/** True when `error` is a {@link StatsError} (also across bundle copies, by name and code). */
export function isStatsError(error: unknown): error is StatsError {
  if (error instanceof StatsError) return true;
  return (
    error instanceof Error &&
    error.name === 'StatsError' &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { argument?: unknown }).argument === 'string'
  );
}
