import { StatsError } from './stats-error.js';

/**
 * Input checks shared by every public function. Each throws a {@link StatsError} whose message
 * starts with the function name, names the argument, shows the value received and says what to do.
 * @internal
 */

function show(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  return typeof value;
}

function fail(fn: string, name: string, value: unknown, requirement: string, hint: string): never {
  throw new StatsError('invalid_argument', name, `${fn}: ${name} must be ${requirement} (got ${show(value)}); ${hint}`);
}

/** A finite number (not NaN, not ±Infinity). */
export function finite(fn: string, name: string, value: unknown, hint = 'pass a finite number'): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(fn, name, value, 'a finite number', hint);
  return value;
}

/** A number that is not NaN; ±Infinity allowed. */
export function notNaN(fn: string, name: string, value: unknown, hint = 'pass a number'): number {
  if (typeof value !== 'number' || Number.isNaN(value)) fail(fn, name, value, 'a number (not NaN)', hint);
  return value;
}

/** A finite number > 0. */
export function positive(fn: string, name: string, value: unknown, hint = 'pass a positive number'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(fn, name, value, 'a finite number > 0', hint);
  }
  return value;
}

/** A finite number ≥ 0. */
export function nonNegative(fn: string, name: string, value: unknown, hint = 'pass a number ≥ 0'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(fn, name, value, 'a finite number ≥ 0', hint);
  }
  return value;
}

/** An integer ≥ `min`. */
export function integerAtLeast(fn: string, name: string, value: unknown, min: number, hint: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(fn, name, value, `an integer ≥ ${min}`, hint);
  }
  return value;
}

/** A probability strictly inside (0, 1), such as a significance level or a power. */
export function openUnit(fn: string, name: string, value: unknown, hint: string): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) fail(fn, name, value, 'strictly between 0 and 1', hint);
  return value;
}

/** A probability in the closed interval [0, 1]. */
export function closedUnit(fn: string, name: string, value: unknown, hint: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) fail(fn, name, value, 'between 0 and 1', hint);
  return value;
}

/** A plain object (for options and summaries). */
export function record(fn: string, name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    fail(fn, name, value, 'an object', 'see the TSDoc of the function for its shape');
  }
  return value as Record<string, unknown>;
}

/** Options are optional: `undefined` becomes `{}`. */
export function options(fn: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  return record(fn, 'options', value);
}

/** The significance level `alpha` from options, default 0.05. */
export function alphaOption(fn: string, opts: Record<string, unknown>, name = 'alpha'): number {
  const value = opts[name];
  if (value === undefined) return 0.05;
  return openUnit(fn, name, value, 'use a significance level such as 0.05');
}
