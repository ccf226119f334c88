import type { ReviewSignal } from '../vocabulary/review-signal.js';
import type { RouteDocument } from '../rollout/schema.js';
import type { RecoveredEvent, TripEvent } from '../guard/guard-events.js';
import type { DelegateFailure } from '../vocabulary/outcomes.js';
import type { GateReadyEvent } from '../gate/gate-runner.js';
import type { ModelMetadata } from '../vocabulary/model-metadata.js';

/** Emitted when a route document is applied: the next call uses it. */
export interface AppliedEvent {
  readonly route: string;
  readonly version: string;
  readonly document: RouteDocument;
  /** The previous version, if any. */
  readonly previousVersion: string | undefined;
  /** Which source delivered it, e.g. `file:/etc/rollout.json`. */
  readonly origin: string;
  /**
   * The registry entries of the models the document names (champion, weights, shadows, rollbackTo,
   * overrides), resolved once per document; present when the router was given a `registry`.
   */
  readonly models?: Readonly<Record<string, ModelMetadata>>;
}

/** Emitted when a value from the source is not applied. The router keeps what it had. */
export interface RejectedEvent {
  readonly route: string;
  /** One line for people: every problem, joined. */
  readonly reason: string;
  /** Each problem as `path: reason`. */
  readonly problems: readonly string[];
  /** The version still in force, or undefined when the router is on its fallback. */
  readonly keptVersion: string | undefined;
  readonly origin: string;
}

/**
 * Emitted when a call's delegate (delegate mode: the flag service picks the variant per call) threw or
 * named a model the router does not have. The call was not failed: the document's decision answered it
 * (weights, or the fallback model when no document is known).
 */
export interface DelegateFailedEvent {
  readonly route: string;
  /**
   * `error`: the delegate threw or rejected; `unknown_model`: its answer is not one of the router's models;
   * `timeout`: it did not answer within `delegateTimeoutMs`.
   */
  readonly failure: DelegateFailure;
  /** One line for people: what went wrong and what to do. */
  readonly reason: string;
  /** The variant that answered the call instead. */
  readonly variant: string;
  /** The source whose delegate failed, e.g. `launchdarkly:fraud-variant`. */
  readonly origin: string;
}

/** The router's events and their payloads. */
/**
 * Emitted when a soft trigger is raised for a candidate (prediction shift, metric regression, attribution
 * shift): for a person to review. It never moves traffic. See docs/review.md.
 */
export type ReviewEvent = ReviewSignal;

export interface RouterEvents {
  applied: (event: AppliedEvent) => void;
  rejected: (event: RejectedEvent) => void;
  delegateFailed: (event: DelegateFailedEvent) => void;
  /**
   * The guard took a variant out of traffic (see docs/guard.md). Emitted synchronously, on the path of
   * the call that tripped it (before that call resolves): keep listeners quick and defer slow work
   * (a control-plane write belongs in `onTrip`, which runs deferred). A listener's throw is caught.
   */
  trip: (event: TripEvent) => void;
  /**
   * A variant the guard took out is back in traffic (half-open probes passed, or `router.reset`).
   * Emitted synchronously, like `trip`, on the path of the last probe or inside `reset()`.
   */
  recovered: (event: RecoveredEvent) => void;
  review: (event: ReviewEvent) => void;
  /**
   * The promotion gate opened: a challenger beat the champion over the rolling window (once per document
   * version and challenger). In `gate.mode: "auto"`, promote it with `promoteWhenReady`. See
   * docs/champion-challenger.md.
   */
  gateReady: (event: GateReadyEvent) => void;
}
