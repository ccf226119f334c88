import type { Decision } from '../router/decision.js';
import type { CallOutcome } from '../telemetry/router-metrics.js';

/** What a shadow call needs from its runner. */
export interface ShadowCallHost<I, O> {
  readonly now: () => number;
  readonly timeoutMs: number;
  call(model: string, input: I): unknown;
  timeout(fn: () => void, ms: number): () => void;
  /** The call ended (answered, failed or abandoned); called exactly once per call. */
  complete(call: ShadowCall<I, O>, outcome: CallOutcome, value: O | undefined, error: unknown, durationMs: number): void;
}

/**
 * One mirrored call. It holds the input and the primary's output only until it ends; after that (and
 * after a timeout, while a hung model may still hold our callbacks) it keeps nothing but a few numbers.
 */
export class ShadowCall<I, O> {
  private host: ShadowCallHost<I, O> | undefined;
  private cancel: (() => void) | undefined;
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
    this.startedAt = host.now();
    try {
      const result = host.call(this.model, this.input as I);
      if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof (result as PromiseLike<O>).then === 'function') {
        this.cancel = host.timeout(() => this.end('timeout', undefined, undefined), host.timeoutMs);
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

  // The first end wins; a late answer after a timeout finds no host and is ignored.
  private end(outcome: CallOutcome, value: O | undefined, error: unknown): void {
    const host = this.host;
    if (host === undefined) return;
    this.host = undefined;
    const cancel = this.cancel;
    this.cancel = undefined;
    try {
      cancel?.();
    } catch {
      // a custom scheduler's cancel failing must not lose the completion
    }
    try {
      host.complete(this, outcome, value, error, host.now() - this.startedAt);
    } finally {
      this.input = undefined;
      this.primary = undefined;
      this.decision = undefined;
      this.unit = undefined;
    }
  }
}
