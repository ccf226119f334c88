import type { CallOutcome, ShadowComparison } from '../vocabulary/outcomes.js';
import type { RecordSink } from '../vocabulary/record-sink.js';

/**
 * One mirrored call: the primary's answer and the shadow's, side by side. This is what sinks receive
 * and what a JSON-lines file holds, one record a line.
 */
export interface ShadowRecord {
  /** When the pair was complete (the shadow answered, failed or was abandoned), ISO 8601 UTC. */
  readonly time: string;
  /** The route. */
  readonly route: string;
  /** The version of the route document in force for the call; absent under the fallback. */
  readonly configVersion?: string;
  /** The call's unit: by default a pseudonym (HMAC-SHA256, hex), raw only with `unit: 'raw'`; absent for calls without one. */
  readonly unit?: string;
  /** The input, only when `recordInput` is set (projected by it). */
  readonly input?: unknown;
  /** The answer the caller got. */
  readonly primary: {
    readonly model: string;
    /** The output, or `project(output, 'primary')`. */
    readonly output: unknown;
    readonly durationMs: number;
    readonly outcome: 'ok' | 'invalid';
  };
  /** The shadow's answer, which nobody got. */
  readonly shadow: {
    readonly model: string;
    /** The output, or `project(output, 'shadow')`; absent on error or timeout. */
    readonly output?: unknown;
    /** Time to the answer or the error; the timeout on a timeout. */
    readonly durationMs: number;
    readonly outcome: CallOutcome;
    /** The error's message on `outcome: 'error'`. */
    readonly error?: string;
  };
  /** How the outputs compared: `error` when the shadow gave no output or the comparator threw. */
  readonly comparison: ShadowComparison;
  /** The comparator's number, when it returned one. */
  readonly difference?: number;
}

/** Where shadow pairs go (see {@link RecordSink}). */
export type ShadowSink = RecordSink<ShadowRecord>;
