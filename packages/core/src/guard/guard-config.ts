import type { GuardConfig } from '../rollout/schema.js';

/** How a tripped variant comes back: `manual` (`router.reset(variant)`) or `half-open` probes after a cool-down. */
export type GuardRecovery = 'manual' | 'half-open';

/** A route's `guard` with every default filled in; what the guard runs on. */
export interface ResolvedGuardConfig {
  /** Trip when a variant's error rate is at least this many times its baseline's. Default 5. */
  readonly errorRateRatio: number;
  /** Floor of the baseline error rate: neither the reference's rate nor `baselineErrorRate` is taken below this. Default 0.01. */
  readonly minErrorRate: number;
  /** Baseline error rate when the champion has fewer than `minCalls` calls in the window, floored at `minErrorRate` (resolved: max(baselineErrorRate, minErrorRate)). Default: `minErrorRate`. */
  readonly baselineErrorRate: number;
  /** Trip when more than 1% of the window's calls are slower than this (p99 above the SLA). Default: off (Infinity). */
  readonly p99LatencyMs: number;
  /** Trip when the share of invalid predictions exceeds this. Default: off (Infinity). */
  readonly invalidRate: number;
  /** Length of the sliding window, ms. Default 60000. */
  readonly windowMs: number;
  /** No trigger fires before the variant has this many calls in the window. Default 50 (at least 1). */
  readonly minCalls: number;
  /** Answer a guarded variant's error or timeout with its fallback target in the same call. Default false. */
  readonly failover: boolean;
  /** A guarded variant's call slower than this is a timeout. Default: off (0). */
  readonly timeoutMs: number;
  /** Default `manual`. */
  readonly recovery: GuardRecovery;
  /** Time a tripped variant stays out before half-open probes, ms; also how long a probe round may stall (a hung probe) before a fresh round starts. Default 30000. */
  readonly cooldownMs: number;
  /** Probe calls of one round that must all pass before a half-open variant is restored (at most this many admitted per round). Default 10. */
  readonly probeCalls: number;
}

/** The guard's defaults, as documented in the rollout document's JSON Schema and in docs/guard.md. */
export const GUARD_DEFAULTS = Object.freeze({
  errorRateRatio: 5,
  minErrorRate: 0.01,
  windowMs: 60_000,
  minCalls: 50,
  failover: false,
  recovery: 'manual' as GuardRecovery,
  cooldownMs: 30_000,
  probeCalls: 10,
});

/** Fills in the defaults of a validated `guard` section. */
export function resolveGuardConfig(config: GuardConfig): ResolvedGuardConfig {
  const minErrorRate = config.minErrorRate ?? GUARD_DEFAULTS.minErrorRate;
  return {
    errorRateRatio: config.errorRateRatio ?? GUARD_DEFAULTS.errorRateRatio,
    minErrorRate,
    // The floor holds for the configured baseline too: `baselineErrorRate: 0` must not make one error a trip.
    baselineErrorRate: Math.max(config.baselineErrorRate ?? minErrorRate, minErrorRate),
    p99LatencyMs: config.p99LatencyMs ?? Number.POSITIVE_INFINITY,
    invalidRate: config.invalidRate ?? Number.POSITIVE_INFINITY,
    windowMs: config.windowMs ?? GUARD_DEFAULTS.windowMs,
    minCalls: Math.max(1, config.minCalls ?? GUARD_DEFAULTS.minCalls),
    failover: config.failover ?? GUARD_DEFAULTS.failover,
    timeoutMs: config.timeoutMs ?? 0,
    recovery: config.recovery ?? GUARD_DEFAULTS.recovery,
    cooldownMs: config.cooldownMs ?? GUARD_DEFAULTS.cooldownMs,
    probeCalls: Math.max(1, Math.ceil(config.probeCalls ?? GUARD_DEFAULTS.probeCalls)),
  };
}
