import type { RouteDocument } from '../rollout/schema.js';
import type { StageDecision } from './decide-stage.js';

/** One decision to record, and for advance, rollback and complete, the change to write. */
export interface WriteRequest {
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
  /** Applies and records a change, or records a note. Validates before writing; never writes an invalid document. */
  write(request: WriteRequest): Promise<WriteResult>;
  /**
   * When the route's document last changed, by anyone (ms on the controller's clock), if the writer knows:
   * the start of the step in force for a controller that did not make that change itself (a restart, a
   * `--once` run). Default: unknown, and a controller counts the step from when it first saw the document.
   */
  lastChange?(route: string): Promise<number | undefined>;
}
