export { createRouter } from './router/create-router.js';
export { Router, type DetailedResult } from './router/router.js';
export type { RouterOptions, CallOptions } from './router/options.js';
export type { Model } from './vocabulary/model.js';
export { defaultIsValid } from './router/options.js';
export type { Decision, DecisionReason } from './vocabulary/decision.js';
export type { RouterEvents, AppliedEvent, RejectedEvent, DelegateFailedEvent } from './router/events.js';

export type { RolloutDocument, RouteDocument, ShadowTarget, GuardConfig } from './rollout/schema.js';
export { rolloutDocumentSchema, routeDocumentSchema } from './rollout/schema.js';
export {
  validateRolloutDocument,
  validateRouteDocument,
  parseRolloutDocument,
  parseJson,
  type ValidationResult,
} from './rollout/validate.js';
export {
  canary,
  blueGreen,
  abTest,
  shadow,
  championChallenger,
  rolloutDocument,
  type CommonRouteOptions,
  type CanaryOptions,
} from './rollout/strategies.js';
export { rolloutJsonSchema } from './rollout/json-schema.js';

export { loadHasher, type Hash32 } from './assignment/hasher.js';
export {
  HASH_SPEC_VERSION,
  fmix32,
  buildAssignmentTable,
  assignIndex,
  randomIndex,
  type AssignmentTable,
} from './assignment/weighted-rendezvous.js';
export { createAssigner, type Assigner } from './assignment/assigner.js';

export type {
  RolloutSource,
  SourceUpdate,
  SourceListener,
  SourceSubscription,
  DelegateAssigner,
} from './sources/source.js';
export { staticSource } from './sources/static-source.js';
export { memorySource, type MemorySource } from './sources/memory-source.js';
export { updateFanout, type UpdateFanout } from './sources/update-fanout.js';
export { lazySource, type LazySource, type LazySourceOptions } from './sources/lazy-source.js';
export { fileSource, type FileSourceOptions } from './sources/file-source.js';

export type { Clock } from './clock/clock.js';
export { systemClock } from './clock/clock.js';
export { manualClock, type ManualClock } from './clock/manual-clock.js';
export { ModelrouteError, isModelrouteError, type ModelrouteErrorCode } from './errors/modelroute-error.js';

export type {
  TripEvent,
  RecoveredEvent,
  GuardState,
  GuardVariantStatus,
  GuardWindowFigures,
} from './guard/guard-events.js';
export {
  GUARD_DEFAULTS,
  resolveGuardConfig,
  type ResolvedGuardConfig,
  type GuardRecovery,
} from './guard/guard-config.js';
export { defaultGuardTimer, type GuardTimer } from './guard/call-with-timeout.js';
export type { TripHook } from './guard/notify-trip.js';
export { QUANTILE_RELATIVE_ERROR } from './guard/latency-histogram.js';
export { RouteGuard, type RouteGuardInput, type GuardChange } from './guard/route-guard.js';

export type { ShadowOptions, ShadowVerdict, ShadowSide } from './shadow/shadow-options.js';
export type { ShadowRecord, ShadowSink } from './shadow/shadow-record.js';
export type { ShadowScheduler } from './shadow/shadow-scheduler.js';
export { manualShadowScheduler, type ManualShadowScheduler } from './shadow/manual-scheduler.js';
export { jsonLinesSink, type JsonLinesSink, type JsonLinesSinkOptions } from './shadow/json-lines-sink.js';
export { callbackSink, type CallbackSinkOptions } from './shadow/callback-sink.js';
export { unitPseudonym } from './shadow/unit-pseudonym.js';

export { METER_NAME, ATTR, INSTRUMENTS, DURATION_BUCKETS_S, type InstrumentSpec } from './telemetry/instruments.js';
export type { RouterMetrics } from './vocabulary/router-metrics.js';
export type {
  CallRole,
  CallOutcome,
  ShadowDropReason,
  ShadowComparison,
  GuardTrigger,
  GuardCircuitState,
  DelegateFailure,
} from './vocabulary/outcomes.js';

// Experiments: exposures, outcomes (router.track), summaries and the analysis (docs/experiments.md).
export type {
  Analysis,
  Comparison,
  MetricAnalysis,
  VariantFigures,
  SrmFigures,
  Verdict,
  MetricKind,
  MetricDirection,
  MetricRole,
} from './experiment/analysis.js';
export {
  analyzeExperiment,
  EXPERIMENT_DEFAULTS,
  SRM_THRESHOLD,
  type ExperimentFigures,
  type MetricSpec,
} from './experiment/analyze-experiment.js';
export {
  figuresFromCounts,
  type FleetCounts,
  type ExperimentDocumentSpec,
} from './experiment/figures-from-counts.js';
export type { ExperimentOptions } from './experiment/experiment-options.js';
export type { TrackOptions, TrackResult, ExposedDecision } from './experiment/experiment-tracker.js';
export type { ExposureRecord, ExposureSink } from './vocabulary/exposure-record.js';
export { MetricSummary, proportionSummary, sumsSummary } from './experiment/metric-summary.js';
export { VersionSummary, type VersionSpec } from './experiment/version-summary.js';
export type { ExperimentConfig, ExperimentMetric } from './rollout/experiment-schema.js';
export { routeVersion } from './rollout/route-version.js';
export type { RecordSink } from './vocabulary/record-sink.js';
export type { SinkRecord } from './shadow/sink-record.js';
export {
  UNATTRIBUTED_REASONS,
  type UnattributedReason,
  type ExperimentCounts,
  type VersionCounts,
  type SummaryCounts,
} from './vocabulary/experiment-counts.js';

// Review signals (soft triggers for human review; docs/review.md).
export type { ReviewSignal, ReviewTrigger } from './vocabulary/review-signal.js';
export type { ReviewEvent } from './router/events.js';
export type { ReviewConfig } from './rollout/review-schema.js';
export type { Attributions } from './review/review-runner.js';
export { REVIEW_DEFAULTS } from './review/review-config.js';
// Promotion gate (issue 15; the cli helper): the route's `gate` field.
export type { GateConfig } from './rollout/gate-schema.js';

// Staged rollouts (issue 13): stages in the route document, the decision function, the controller and its writers.
export type { Stages, StageStep } from './rollout/stages-schema.js';
export { stagesSchema } from './rollout/stages-schema.js';
export { candidateShare, currentStepIndex, weightsWithCandidateAt } from './rollout/stage-weights.js';
export { promoteRoute } from './rollout/promote-route.js';
export {
  decideStage,
  type StageAction,
  type StageOutcome,
  type StageReasonCode,
  type StageInput,
  type StageDecision,
  type StageEvidence,
  type StepInfo,
  type MetricEvidence,
  type GuardFacts,
} from './controller/decide-stage.js';
export { stageEdit } from './controller/stage-edits.js';
export type { RolloutWriter, WriteRequest, WriteResult } from './controller/rollout-writer.js';
export {
  memoryWriter,
  type MemoryWriter,
  type MemoryWriterOptions,
  type MemoryHistoryEntry,
} from './controller/memory-writer.js';
export {
  rolloutController,
  type RolloutController,
  type RolloutControllerOptions,
  type ControllerSubject,
  type ControllerDecision,
  type ControllerEvents,
} from './controller/rollout-controller.js';

// Champion-challenger promotion gate: rolling window and readiness (docs/champion-challenger.md).
export {
  evaluateGate,
  type GateStatus,
  type GateCandidate,
  type GateEvidence,
  type GateCheckpoint,
  type GuardrailEvidence,
} from './gate/evaluate-gate.js';
export { KpiWindow, DEFAULT_WINDOW, type WindowFigures, type WindowBucket } from './gate/kpi-window.js';
export type { GateReadyEvent } from './gate/gate-runner.js';
export { promoteWhenReady, type PromoteWriter, type GatePromotion } from './gate/promote-when-ready.js';
