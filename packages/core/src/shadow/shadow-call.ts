import type { Decision } from '../vocabulary/decision.js';
import type { CallOutcome } from '../vocabulary/outcomes.js';
import type { DeadlineEntry } from './deadline-queue.js';
import { isThenable } from '../vocabulary/is-thenable.js';

/** What a shadow call needs from its runner. */
export interface ShadowCallHost<I, O> {
  readonly now: () => number;
  call(model: string, input: I): unknown;
  /** Starts the call's timeout: `expire()` runs when it passes. */
  track(call: ShadowCall<I, O>): void;
  /** Stops the call's timeout. */
  untrack(call: ShadowCall<I, O>): void;
  /** The call ended (answered, failed or abandoned); called exactly once per call. */
  complete(
    call: ShadowCall<I, O>,
    outcome: CallOutcome,
    value: O | undefined,
    error: unknown,
    durationMs: number,
  ): void;
  /** The call is abandoned at its timeout while the model's promise is still pending: it keeps a slot of `maxInFlight`. Called just before `complete`. */
  abandon(): void;
  /** The promise of a call abandoned earlier settled: its slot is free again. Called at most once per `abandon`. */
  settled(): void;
}

/**
 * One mirrored call. It holds the input and the primary's output only until it ends; after that (and
 * after a timeout, while a hung model may still hold our callbacks) it keeps nothing but a few numbers
 * and, while abandoned, its host, to free the slot when the model's promise finally settles.
 */
export class ShadowCall<I, O> implements DeadlineEntry {
  deadline = 0;
  prev: DeadlineEntry | undefined = undefined;
  next: DeadlineEntry | undefined = undefined;
  queued = false;
  private host: ShadowCallHost<I, O> | undefined;
  // Set when the call timed out with its promise pending; cleared when that promise settles.
  private abandonedBy: ShadowCallHost<I, O> | undefined;
  private startedAt = 0;

  constructor(
    host: ShadowCallHost<I, O>,
    readonly model: string,
    public input: I | undefined,
    public primary: O | undefined,
    readonly primaryMs: number,
    public decision: Decision | undefined,
    public unit: string | undefined,
  ) {
    this.host = host;
  }

  /** Calls the shadow model. Never throws; a sync throw is the call's error. */
  start(): void {
    const host = this.host;
    if (host === undefined) return;
    try {
      this.startedAt = host.now();
      const result = host.call(this.model, this.input as I);
      if (isThenable(result)) {
        host.track(this);
        Promise.resolve(result as PromiseLike<O>).then(
          (value) => this.settle('ok', value, undefined),
          (error: unknown) => this.settle('error', undefined, error),
        );
      } else {
        this.end('ok', result as O, undefined);
      }
    } catch (error) {
      this.end('error', undefined, error);
    }
  }

  /**
   * The timeout passed (called by the deadline queue, which has already dropped the call). The model's
   * promise is still pending: the call is counted abandoned until it settles, so that a hung model
   * never has more than `maxInFlight` calls pending.
   */
  expire(): void {
    const host = this.host;
    if (host === undefined) return;
    host.abandon();
    this.abandonedBy = host;
    this.end('timeout', undefined, undefined);
  }

  // The model's promise settled: an answer, or, after a timeout, only the release of the slot (the late value is not kept).
  private settle(outcome: CallOutcome, value: O | undefined, error: unknown): void {
    const owner = this.abandonedBy;
    if (owner === undefined) {
      this.end(outcome, value, error);
      return;
    }
    this.abandonedBy = undefined;
    owner.settled();
  }

  // The first end wins; a late answer after a timeout finds no host and is ignored (see settle).
  private end(outcome: CallOutcome, value: O | undefined, error: unknown): void {
    const host = this.host;
    if (host === undefined) return;
    this.host = undefined;
    try {
      host.untrack(this);
      host.complete(this, outcome, value, error, host.now() - this.startedAt);
    } finally {
      this.input = undefined;
      this.primary = undefined;
      this.decision = undefined;
      this.unit = undefined;
    }
  }
}
