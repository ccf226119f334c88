import type { ModelMetadata } from '../vocabulary/model-metadata.js';
import type { GuardTrigger } from '../vocabulary/outcomes.js';

/** The state of a variant in the guard. */
export type GuardState = 'closed' | 'open' | 'half-open';

/** A variant's figures in the guard's sliding window, at one moment. */
export interface GuardWindowFigures {
  /** Length of the window, ms. */
  readonly windowMs: number;
  /** Calls in the window. */
  readonly calls: number;
  /** Errors and timeouts in the window. */
  readonly errors: number;
  /** Invalid predictions in the window. */
  readonly invalid: number;
  /** errors / calls (0 without calls). */
  readonly errorRate: number;
  /** invalid / calls (0 without calls). */
  readonly invalidRate: number;
  /** Nearest-rank p99 latency, ms, within 3.03% (see docs/guard.md); NaN without calls. */
  readonly p99Ms: number;
}

/** Emitted when the guard takes a variant out of traffic. From the next call its traffic goes to `target`. */
export interface TripEvent {
  readonly route: string;
  /** The variant taken out. */
  readonly variant: string;
  /** Which hard trigger fired. */
  readonly trigger: GuardTrigger;
  /** `window`: a trigger fired on the sliding window; `probe`: a half-open probe call failed, so the variant is out again. */
  readonly phase: 'window' | 'probe';
  /** Where the variant's traffic goes now: the champion, or `rollbackTo` when the champion itself tripped. */
  readonly target: string;
  /** The figure that crossed its threshold: an error rate, a p99 in ms, or an invalid rate (for a probe: that call's). */
  readonly value: number;
  /** The threshold it crossed. */
  readonly threshold: number;
  /** The variant's window at the trip. */
  readonly window: GuardWindowFigures;
  /** For `error_rate`: the reference variant (undefined when the configured baseline was used) and its rate. */
  readonly baseline: { readonly variant: string | undefined; readonly errorRate: number } | undefined;
  /** The version of the route document in force. */
  readonly configVersion: string;
  /** When, on the router's clock (ms). */
  readonly at: number;
  /** The tripped variant's registry entry, when the router was given a `registry` that has it. */
  readonly model?: ModelMetadata;
  /** The target's registry entry, likewise. */
  readonly targetModel?: ModelMetadata;
}

/** Emitted when a tripped variant takes its traffic again. */
export interface RecoveredEvent {
  readonly route: string;
  readonly variant: string;
  /** `manual`: `router.reset(variant)`; `half-open`: every probe call passed. */
  readonly how: 'manual' | 'half-open';
  readonly configVersion: string;
  /** When, on the router's clock (ms). */
  readonly at: number;
  /** The variant's registry entry, when the router was given a `registry` that has it. */
  readonly model?: ModelMetadata;
}

/** One variant's guard status, for `router.guardStatus()` and the state gauge. */
export interface GuardVariantStatus {
  readonly variant: string;
  readonly state: GuardState;
  /** Whether the guard can trip this variant (false for `rollbackTo`, and for the champion without `rollbackTo`). */
  readonly guarded: boolean;
  /** The last trigger that tripped it, if any (a trip carried over from an earlier document counts). */
  readonly trigger: GuardTrigger | undefined;
  /** When it last tripped (router clock, ms), if it is tripped or tripped under this document. */
  readonly trippedAt: number | undefined;
  readonly window: GuardWindowFigures;
}

/** What a recorded call changed in the guard: usually nothing (undefined). */
export type GuardChange =
  | { readonly kind: 'trip'; readonly event: TripEvent }
  | { readonly kind: 'recovered'; readonly event: RecoveredEvent };
