import type { GuardTrigger } from '../vocabulary/outcomes.js';
import type { ResolvedGuardConfig } from './guard-config.js';
import type { GuardState, GuardVariantStatus, GuardWindowFigures, RecoveredEvent, TripEvent } from './guard-events.js';
import type { SlidingWindows } from './sliding-window.js';
import { baselineErrorRate } from './triggers.js';

/**
 * The parts of one `RouteGuard` that its trip and recovery events and its status figures are built
 * from: the guard's own arrays (shared, not copied), gathered once when the guard is constructed, so
 * that a report allocates only itself. Variants are indexed like `ids`.
 */
export interface GuardReportContext {
  readonly route: string;
  readonly version: string;
  readonly ids: readonly string[];
  readonly config: ResolvedGuardConfig;
  readonly windows: SlidingWindows;
  /** Per variant, the variant whose error rate is its baseline; -1 for none. */
  readonly ref: Int32Array;
  /** Per variant, 1 when the guard can trip it. */
  readonly isGuarded: Uint8Array;
  /** Per variant, when it last tripped (router clock, ms); NaN until it trips or a trip is carried over. */
  readonly since: Float64Array;
  /** Per variant, the trigger of its last trip. */
  readonly triggers: ReadonlyArray<GuardTrigger | undefined>;
}

/** Variant `v`'s figures in the sliding window at `now` (slides the window to `now` first). */
export function windowFigures(ctx: GuardReportContext, v: number, now: number): GuardWindowFigures {
  const w = ctx.windows;
  w.advance(v, now);
  const calls = w.calls[v]!;
  const errors = w.errors[v]!;
  const invalid = w.invalid[v]!;
  return {
    windowMs: ctx.config.windowMs,
    calls,
    errors,
    invalid,
    errorRate: calls > 0 ? errors / calls : 0,
    invalidRate: calls > 0 ? invalid / calls : 0,
    p99Ms: w.p99(v, now),
  };
}

/**
 * The event of variant `v` tripping on `trigger`, its traffic now going to `target`: built only on a
 * trip, after the guard has updated its state. A `window` trip reports the window's figure against its
 * limit (for `error_rate`: `errorRateRatio` times the baseline, which the event carries); a `probe` trip
 * reports the failed probe itself: 1 against 0 for an error or an invalid prediction, `probeMs` against
 * `p99LatencyMs` for a slow call.
 */
export function buildTripEvent(
  ctx: GuardReportContext,
  v: number,
  trigger: GuardTrigger,
  phase: TripEvent['phase'],
  target: string,
  now: number,
  probeMs: number | undefined,
): TripEvent {
  const config = ctx.config;
  const window = windowFigures(ctx, v, now);
  const ref = ctx.ref[v]!;
  // The reference's count is read before baselineErrorRate slides its window to `now`.
  const refVariant = ref >= 0 && ctx.windows.calls[ref]! >= config.minCalls ? ctx.ids[ref] : undefined;
  const base = baselineErrorRate(ctx.windows, ref, config, now);
  let value: number;
  let threshold: number;
  if (trigger === 'error_rate') {
    value = phase === 'probe' ? 1 : window.errorRate;
    threshold = phase === 'probe' ? 0 : config.errorRateRatio * base;
  } else if (trigger === 'p99_latency') {
    value = probeMs ?? window.p99Ms;
    threshold = config.p99LatencyMs;
  } else {
    value = phase === 'probe' ? 1 : window.invalidRate;
    threshold = phase === 'probe' ? 0 : config.invalidRate;
  }
  const baseline =
    trigger === 'error_rate' && phase === 'window' ? { variant: refVariant, errorRate: base } : undefined;
  return {
    route: ctx.route,
    variant: ctx.ids[v]!,
    trigger,
    phase,
    target,
    value,
    threshold,
    window,
    baseline,
    configVersion: ctx.version,
    at: now,
  };
}

/** The event of variant `v` taking its traffic again, `how`. */
export function buildRecoveredEvent(
  ctx: GuardReportContext,
  v: number,
  how: RecoveredEvent['how'],
  now: number,
): RecoveredEvent {
  return { route: ctx.route, variant: ctx.ids[v]!, how, configVersion: ctx.version, at: now };
}

/** Variant `v`'s status at `now`, shown in `state` (the guard decides how an open variant shows). */
export function buildVariantStatus(
  ctx: GuardReportContext,
  v: number,
  state: GuardState,
  now: number,
): GuardVariantStatus {
  const trippedAt = ctx.since[v]!;
  return {
    variant: ctx.ids[v]!,
    state,
    guarded: ctx.isGuarded[v] === 1,
    trigger: ctx.triggers[v],
    trippedAt: Number.isNaN(trippedAt) ? undefined : trippedAt,
    window: windowFigures(ctx, v, now),
  };
}
