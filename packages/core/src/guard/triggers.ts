import type { GuardTrigger } from '../vocabulary/outcomes.js';
import type { ResolvedGuardConfig } from './guard-config.js';
import type { SlidingWindows } from './sliding-window.js';

// Tolerance for float comparisons of rates computed two ways (5 / 100 versus 5 * 0.01).
const EPSILON = 1e-9;

/**
 * The error rate that variant `v` is compared against: its reference's (the champion's, or for the
 * champion `rollbackTo`'s) rate in the same window, never below `minErrorRate`; `baselineErrorRate`
 * (resolved as max(baselineErrorRate, minErrorRate)) when the reference has fewer than `minCalls`
 * calls in the window (blue/green after the switch).
 */
export function baselineErrorRate(w: SlidingWindows, ref: number, config: ResolvedGuardConfig, now: number): number {
  if (ref < 0) return config.baselineErrorRate;
  w.advance(ref, now);
  const n = w.calls[ref]!;
  if (n < config.minCalls) return config.baselineErrorRate;
  const rate = w.errors[ref]! / n;
  return rate > config.minErrorRate ? rate : config.minErrorRate;
}

/**
 * The calls slower than the SLA that make the nearest-rank p99 of `n` calls exceed it: p99 is the
 * ceil(0.99 n)-th smallest latency, so it is above the SLA exactly when more than n - ceil(0.99 n)
 * calls are. An exact test on a running count, O(1), with no histogram error.
 */
export function slowCallsAllowed(n: number): number {
  return n - Math.ceil(0.99 * n - EPSILON);
}

/**
 * The first hard trigger that fires for variant `v` (with reference `ref`, -1 for none), or undefined.
 * O(1): running totals only. Nothing fires before `minCalls` calls of `v` in the window.
 */
export function firedTrigger(
  w: SlidingWindows,
  v: number,
  ref: number,
  config: ResolvedGuardConfig,
  now: number,
): GuardTrigger | undefined {
  const n = w.calls[v]!;
  if (n < config.minCalls) return undefined;
  const errors = w.errors[v]!;
  if (errors > 0 && errors >= config.errorRateRatio * baselineErrorRate(w, ref, config, now) * n * (1 - EPSILON))
    return 'error_rate';
  if (w.slow[v]! > slowCallsAllowed(n)) return 'p99_latency';
  if (w.invalid[v]! > config.invalidRate * n * (1 + EPSILON)) return 'invalid_rate';
  return undefined;
}
