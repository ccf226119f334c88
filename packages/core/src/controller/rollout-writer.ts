import type { GateEvidence } from '../gate/evaluate-gate.js';
import type { RouteDocument } from '../rollout/schema.js';
import type { StageDecision } from './decide-stage.js';

/** A staged rollout's decision to record, and for advance, rollback and complete, the change to write. */
export interface StageWriteRequest {
  readonly route: string;
  /** `advance`, `rollback` or `complete` (a change), or `hold` (a note: nothing changes). */
  readonly command: 'advance' | 'rollback' | 'complete' | 'hold';
  /**
   * The change, applied to the route document as it is at write time (under the writer's lock, if it has
   * one). It returns the document unchanged when that is no longer the one the decision was about.
   * Undefined for a note.
   */
  readonly edit: ((doc: RouteDocument) => RouteDocument) | undefined;
  /** Who decided, for the audit trail. */
  readonly actor: string;
  /** The decision's reason, in words. */
  readonly reason: string;
  /** The decision, with its evidence. */
  readonly evidence: StageDecision;
}

/**
 * The promotion gate's decision in `gate.mode: "auto"`: make `challenger` the champion, as `modelroute
 * promote` does (core's `promoteRoute`: the challenger takes the champion's weight on top of its own, the
 * other challengers keep theirs, the old champion becomes `rollbackTo`).
 */
export interface PromoteWriteRequest {
  readonly route: string;
  readonly command: 'promote';
  /** The challenger the gate found ready. */
  readonly challenger: string;
  /**
   * The change, applied to the route document as it is at write time: a compare-and-set that leaves a
   * document alone whose champion is no longer the one the gate compared against, whose challenger takes no
   * traffic, or whose gate is no longer in auto mode.
   */
  readonly edit: (doc: RouteDocument) => RouteDocument;
  /** Who decided (the controller's actor), for the audit trail. */
  readonly actor: string;
  /** The gate's reason, in words. */
  readonly reason: string;
  /** The gate's evidence: lift, always-valid p-value, guardrails against margins, days, checkpoints. */
  readonly evidence: GateEvidence;
}

/** What a controller asks its writer to do: a staged rollout's decision, or the gate's promotion. */
export type WriteRequest = StageWriteRequest | PromoteWriteRequest;

/** What a write did. */
export interface WriteResult {
  /** True when the route document changed (never for a note; false when it already said so). */
  readonly changed: boolean;
}

/**
 * Where a controller's decisions go: a file (`fileWriter` of @modelroute/cli), memory ({@link memoryWriter}),
 * or your flag service's API. One writer per route: the controller is the route's only automatic writer.
 */
export interface RolloutWriter {
  /**
   * Applies and records a change, or records a note. Validates before writing; never writes an invalid
   * document. A writer written before `promote` existed may refuse that command by throwing: the
   * controller reports the failure and tries again at its next tick.
   */
  write(request: WriteRequest): Promise<WriteResult>;
  /**
   * When the route's document last changed, by anyone (ms on the controller's clock), if the writer knows:
   * the start of the step in force for a controller that did not make that change itself (a restart, a
   * `--once` run). Default: unknown, and a controller counts the step from when it first saw the document.
   */
  lastChange?(route: string): Promise<number | undefined>;
}
