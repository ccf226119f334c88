import { EventEmitter } from 'eventemitter3';
import type { WarningHandler } from '../vocabulary/warning.js';

type Listener = (...args: never[]) => void;
type Untyped = (...args: unknown[]) => void;
type Payload<L> = L extends (payload: infer P) => void ? P : never;

/**
 * Typed events whose listeners cannot throw into the code that emits: a listener's throw becomes a
 * `MODELROUTE_LISTENER_FAILED` warning (and ends that emit: listeners after it miss the event).
 */
export class SafeEmitter<Events extends { [E in keyof Events]: Listener }> {
  private readonly emitter = new EventEmitter();

  constructor(
    private readonly onWarning: WarningHandler,
    /** Who emits, for the warning: `route "fraud-score"`. */
    private readonly who: string,
  ) {}

  on<E extends keyof Events & string>(event: E, listener: Events[E]): void {
    this.emitter.on(event, listener as unknown as Untyped);
  }

  off<E extends keyof Events & string>(event: E, listener?: Events[E]): void {
    this.emitter.off(event, listener as unknown as Untyped | undefined);
  }

  once<E extends keyof Events & string>(event: E, listener: Events[E]): void {
    this.emitter.once(event, listener as unknown as Untyped);
  }

  /** Whether anyone listens to `event`. */
  heard(event: keyof Events & string): boolean {
    return this.emitter.listenerCount(event) > 0;
  }

  emit<E extends keyof Events & string>(event: E, payload: Payload<Events[E]>): void {
    try {
      this.emitter.emit(event, payload);
    } catch (error) {
      this.onWarning({
        code: 'MODELROUTE_LISTENER_FAILED',
        message: `modelroute: a "${event}" listener of ${this.who} threw; the router caught it and keeps working: ${(error as Error)?.message}`,
      });
    }
  }
}
