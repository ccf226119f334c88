import type { DecisionReason } from './decision.js';
import type {
  CallOutcome,
  CallRole,
  DelegateFailure,
  GuardCircuitState,
  GuardTrigger,
  ShadowComparison,
  ShadowDropReason,
} from './outcomes.js';
import type { ReviewCounts } from './review-counts.js';
import type { ExperimentCounts } from './experiment-counts.js';

/**
 * Everything the router measures, in one narrow interface: the router, the shadow runner and the
 * guard call these methods and nothing else of OpenTelemetry. Attributes are bounded by the rollout
 * document (route, variant, role, outcome, reason, trigger); never a unit id, input or output.
 */
export interface RouterMetrics {
  /** A model call finished. */
  prediction(variant: string, role: CallRole, outcome: CallOutcome, durationMs: number): void;
  /** A call was routed. */
  decision(variant: string, reason: DecisionReason): void;
  /** A document was applied (the weights in force may have changed). */
  documentApplied(version: string, shares: Readonly<Record<string, number>>): void;
  /** A document was rejected. */
  documentRejected(): void;
  /** Shadow work was dropped. */
  shadowDropped(model: string, reason: ShadowDropReason): void;
  /** A shadow output was compared; `difference` when the comparator returned a number. */
  shadowCompared(model: string, result: ShadowComparison, difference?: number): void;
  /** The guard tripped a variant. */
  guardTrip(variant: string, trigger: GuardTrigger): void;
  /**
   * A call's delegate (delegate mode) threw or named an unknown model; the document's decision answered.
   * Optional so that implementations written before delegate mode keep compiling; implement it to count.
   */
  delegateFailed?(failure: DelegateFailure): void;
  /** The guard's state for a variant changed (exported as the `modelroute.guard.status` gauge). Optional, like `delegateFailed`. */
  guardState?(variant: string, state: GuardCircuitState): void;
  /** The router's experiment counts, handed over once when the router is made: exported at collection time. Optional. */
  experiment?(counts: ExperimentCounts): void;
  /** The router's review counts (output bins, signals), handed over once when the router is made: exported at collection time. Optional. */
  review?(counts: ReviewCounts): void;
  /** The promotion gate opened for a challenger (counted as `modelroute.gate.ready`). Optional. */
  gateReady?(variant: string): void;
  /** The router closed: stop observing (unregister observable callbacks). Optional. */
  close?(): void;
}

/** Measures nothing: used when telemetry is off, and as the shape every implementation fills. */
export const noopMetrics: RouterMetrics = {
  prediction() {},
  decision() {},
  documentApplied() {},
  documentRejected() {},
  shadowDropped() {},
  shadowCompared() {},
  guardTrip() {},
};
