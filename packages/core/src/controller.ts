// @modelroute/core/controller: what drives a route's document from outside the call path: the staged
// rollout's decision function, edits, writers and controller (docs/staged-rollouts.md), and the
// champion-challenger promotion gate (docs/champion-challenger.md). Its own entry so that importing
// '@modelroute/core' does not compile it, nor @modelroute/stats; the types are in both entries.

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
export type {
  RolloutWriter,
  WriteRequest,
  StageWriteRequest,
  PromoteWriteRequest,
  WriteResult,
} from './controller/rollout-writer.js';
export type { AutoPromotion } from './controller/gate-promoter.js';
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
export {
  evaluateGate,
  type GateStatus,
  type GateCandidate,
  type GateEvidence,
  type GateCheckpoint,
  type GuardrailEvidence,
} from './gate/evaluate-gate.js';
export { KpiWindow, DEFAULT_WINDOW, type WindowFigures, type WindowBucket } from './gate/kpi-window.js';
export { promoteWhenReady, type PromoteWriter, type GatePromotion } from './gate/promote-when-ready.js';
