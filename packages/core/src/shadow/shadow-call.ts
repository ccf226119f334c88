import type { Decision } from '../router/decision.js';
import type { CallOutcome } from '../telemetry/router-metrics.js';
import type { DeadlineEntry } from './deadline-queue.js';

/** What a shadow call needs from its runner. */
export interface ShadowCallHost<I, O> {
  readonly now: () => number;
  call(model: string, input: I): unknown;
  /** Starts the call's timeout: `expire()` runs when it passes. */
  track(call: ShadowCall<I, O>): void;
  /** Stops the call's timeout. */
  untrack(call: ShadowCall<I, O>): void;
  /** The call ended (answered, failed or abandoned); called exactly once per call. */
  complete(call: ShadowCall<I, O>, outcome: CallOutcome, value: O | undefined, error: unknown, durationMs: number): void;
}

/**
 * One mirrored call. It holds the input and the primary's output only until it ends; after that (and
 * after a timeout, while a hung model may still hold our callbacks) it keeps nothing but a few numbers.
 */
export class ShadowCall<I, O> implements DeadlineEntry {
  deadline = 0;
  prev: DeadlineEntry | undefined = undefined;
  next: DeadlineEntry | undefined = undefined;
  queued = false;
  private host: ShadowCallHost<I, O> | undefined;
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
      if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof (result as PromiseLike<O>).then === 'function') {
        host.track(this);
        Promise.resolve(result as PromiseLike<O>).then(
          (value) => this.end('ok', value, undefined),
          (error: unknown) => this.end('error', undefined, error),
        );
      } else {
        this.end('ok', result as O, undefined);
      }
    } catch (error) {
      this.end('error', undefined, error);
    }
  }

  /** The timeout passed (called by the deadline queue, which has already dropped the call). */
  expire(): void {
    this.end('timeout', undefined, undefined);
  }

  // The first end wins; a late answer after a timeout finds no host and is ignored.
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
