// @modelroute/core: what an application needs to route its predict() calls. Test doubles are in
// '@modelroute/core/testing'; the hash and guard specification's primitives in '@modelroute/core/spec';
// the toolkit for writing a rollout source in '@modelroute/core/source-kit'; the analysis of experiments
// outside a router in '@modelroute/core/experiment'; the staged controller, its writers and the promotion
// gate in '@modelroute/core/controller'. This entry exports those two's types only, so that importing it
// does not compile their code (nor @modelroute/stats): createRouter loads what a router needs of it.
// Everything else is internal.
// api/core.api.md records this surface (`pnpm check:api`).

import type { MetricSummary as MetricSummaryClass } from './experiment/metric-summary.js';
import type { VersionSummary as VersionSummaryClass } from './experiment/version-summary.js';
import type { KpiWindow as KpiWindowClass } from './gate/kpi-window.js';

export { createRouter } from './router/lazy-create-router.js';
export type { Router, DetailedResult } from './router/router.js';
export type { RouterOptions, CallOptions } from './router/options.js';
export { defaultIsValid } from './router/options.js';
export type { RouterEvents, AppliedEvent, RejectedEvent, DelegateFailedEvent } from './router/events.js';
export type { Model } from './vocabulary/model.js';
export type { ModelMetadata } from './vocabulary/model-metadata.js';
export type { Decision, DecisionReason } from './vocabulary/decision.js';
export type { ModelrouteWarning, ModelrouteWarningCode, WarningHandler } from './vocabulary/warning.js';

export type { RolloutDocument, RouteDocument, ShadowTarget, GuardConfig } from './rollout/schema.js';
export {
  validateRolloutDocument,
  validateRouteDocument,
  parseRolloutDocument,
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

// Document limits and checks (issue 10).
export { WEIGHT_MIN, WEIGHT_MAX } from './rollout/weight-range.js';
export { DEFAULT_MAX_DOCUMENT_BYTES } from './rollout/document-size.js';
export { findDuplicateKeys, type DuplicateKey } from './rollout/duplicate-keys.js';
export type { ValidateOptions } from './rollout/validate.js';

export type { RolloutSource } from './sources/source.js';
export { staticSource } from './sources/static-source.js';
export { memorySource, type MemorySource } from './sources/memory-source.js';
export { fileSource, type FileSourceOptions } from './sources/file-source.js';

export type { Clock } from './clock/clock.js';
export { ModelrouteError, isModelrouteError, type ModelrouteErrorCode } from './errors/modelroute-error.js';

export type {
  TripEvent,
  RecoveredEvent,
  GuardState,
  GuardVariantStatus,
  GuardWindowFigures,
} from './guard/guard-events.js';
export type { GuardRecovery } from './guard/guard-config.js';
export { defaultGuardTimer, type GuardTimer } from './guard/call-with-timeout.js';
export type { TripHook } from './guard/notify-trip.js';

export type { ShadowOptions, ShadowVerdict, ShadowSide } from './shadow/shadow-options.js';
export type { ShadowRecord, ShadowSink } from './shadow/shadow-record.js';
export type { ShadowScheduler } from './shadow/shadow-scheduler.js';
export { jsonLinesSink, type JsonLinesSink, type JsonLinesSinkOptions } from './shadow/json-lines-sink.js';
export { callbackSink, type CallbackSinkOptions } from './shadow/callback-sink.js';
export { unitPseudonym, unitRecorder, resolvePseudonymKey, PSEUDONYM_KEY_ENV } from './vocabulary/unit-pseudonym.js';

export { METER_NAME, ATTR, INSTRUMENTS, DURATION_BUCKETS_S, type InstrumentSpec } from './telemetry/instruments.js';
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
// The values (analyzeExperiment, figuresFromCounts, the summaries, the defaults) are in '@modelroute/core/experiment'.
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
export type { ExperimentFigures, MetricSpec } from './experiment/analyze-experiment.js';
export type { FleetCounts, ExperimentDocumentSpec } from './experiment/figures-from-counts.js';
export type { ExperimentOptions } from './experiment/experiment-options.js';
export type { TrackOptions, TrackResult, ExposedDecision } from './experiment/experiment-tracker.js';
export type { ExposureRecord, ExposureSink } from './vocabulary/exposure-record.js';
// The summary classes are values of '@modelroute/core/experiment' only. The root exports their instance types
// as aliases: a bare `export type` of a class came out of the declaration bundler as a value export, so
// `new VersionSummary()` compiled against the root and failed at run time.
/** A metric's running summary; the class is exported by `@modelroute/core/experiment`. */
export type MetricSummary = MetricSummaryClass;
/** A version's experiment figures; the class is exported by `@modelroute/core/experiment`. */
export type VersionSummary = VersionSummaryClass;
export type { VersionSpec } from './experiment/version-summary.js';
export type { ExperimentConfig, ExperimentMetric } from './rollout/document.js';
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
export type { ReviewConfig } from './rollout/document.js';
export type { Attributions } from './review/review-runner.js';
// Promotion gate (issue 15; the cli helper): the route's `gate` field.
export type { GateConfig } from './rollout/document.js';

// Staged rollouts (issue 13): stages in the route document, the decision function, the controller and its writers.
// The values (decideStage, stageEdit, memoryWriter, rolloutController) are in '@modelroute/core/controller'.
export type { StagesConfig, StagesConfig as Stages, StageStep } from './rollout/document.js';
export { candidateShare, currentStepIndex, weightsWithCandidateAt } from './rollout/stage-weights.js';
export { promoteRoute } from './rollout/promote-route.js';
export type {
  StageAction,
  StageOutcome,
  StageReasonCode,
  StageInput,
  StageDecision,
  StageEvidence,
  StepInfo,
  MetricEvidence,
  GuardFacts,
} from './controller/decide-stage.js';
export type {
  RolloutWriter,
  WriteRequest,
  StageWriteRequest,
  PromoteWriteRequest,
  WriteResult,
} from './controller/rollout-writer.js';
export type { AutoPromotion } from './controller/gate-promoter.js';
export type { MemoryWriter, MemoryWriterOptions, MemoryHistoryEntry } from './controller/memory-writer.js';
export type {
  RolloutController,
  RolloutControllerOptions,
  ControllerSubject,
  ControllerDecision,
  ControllerEvents,
} from './controller/rollout-controller.js';

// Champion-challenger promotion gate: rolling window and readiness (docs/champion-challenger.md).
// The values (evaluateGate, KpiWindow, DEFAULT_WINDOW, promoteWhenReady) are in '@modelroute/core/controller'.
export type {
  GateStatus,
  GateCandidate,
  GateEvidence,
  GateCheckpoint,
  GuardrailEvidence,
} from './gate/evaluate-gate.js';
/** The promotion gate's rolling window; the class is exported by `@modelroute/core/controller`. */
export type KpiWindow = KpiWindowClass;
export type { WindowFigures, WindowBucket } from './gate/kpi-window.js';
export type { GateReadyEvent } from './gate/gate-runner.js';
export type { PromoteWriter, GatePromotion } from './gate/promote-when-ready.js';
