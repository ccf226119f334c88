import type { ShadowDropReason } from '../vocabulary/outcomes.js';
import type { RecordSink } from '../vocabulary/record-sink.js';
import { isThenable } from '../vocabulary/is-thenable.js';

/**
 * A router's sinks of one kind of record (shadow pairs, exposures), written together and closed together.
 * Every record a sink refuses, throws on or loses later is reported through `dropped`; nothing here throws.
 */
export class SinkSet<R> {
  private open = true;
  /** "a shadow", "an exposure": how messages name this set's kind of sink or record. */
  private readonly kind: string;

  constructor(
    private readonly sinks: readonly RecordSink<R>[],
    private readonly dropped: (model: string, reason: Extract<ShadowDropReason, 'sink' | 'closed'>) => void,
    private readonly warn: (key: string, message: string) => void,
    what = 'shadow',
  ) {
    this.kind = `${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what}`;
    for (const sink of sinks) {
      try {
        sink.attach?.((model) => dropped(model, 'sink'));
      } catch (error) {
        warn('attach', `${this.kind} sink failed to attach: ${(error as Error)?.message}`);
      }
    }
  }

  /** True when there is at least one sink (records are built only then). */
  get any(): boolean {
    return this.sinks.length > 0;
  }

  /** Builds the record (a projection may throw) and hands it to every sink. After `close`, counts it as `closed`. */
  write(model: string, build: () => R): void {
    if (!this.open) {
      this.dropped(model, 'closed');
      return;
    }
    let record: R;
    try {
      record = build();
    } catch (error) {
      this.dropped(model, 'sink');
      this.warn(
        'record',
        `${this.kind} record could not be built (check the project and recordInput options): ${(error as Error)?.message}`,
      );
      return;
    }
    for (const sink of this.sinks) {
      let accepted: boolean | void | PromiseLike<unknown> = false;
      try {
        accepted = sink.write(record);
      } catch (error) {
        this.failed(error);
      }
      if (accepted === false) this.dropped(model, 'sink');
      // A JavaScript `async write` returns a promise: its rejection is a drop, never an unhandled rejection.
      else if (isThenable(accepted))
        accepted.then(
          (value) => {
            if (value === false) this.dropped(model, 'sink');
          },
          (error: unknown) => {
            this.failed(error);
            this.dropped(model, 'sink');
          },
        );
    }
  }

  private failed(error: unknown): void {
    this.warn(
      'sink',
      `${this.kind} sink threw on write; records are dropped and counted: ${(error as Error)?.message}`,
    );
  }

  /** Stops writing, then flushes and closes every sink. Never rejects. */
  async close(): Promise<void> {
    this.open = false;
    await Promise.allSettled(this.sinks.map((sink) => this.settle(sink)));
  }

  private async settle(sink: RecordSink<R>): Promise<void> {
    try {
      await sink.flush?.();
    } catch (error) {
      this.warn('flush', `${this.kind} sink failed to flush on close: ${(error as Error)?.message}`);
    }
    try {
      await sink.close?.();
    } catch (error) {
      this.warn('close', `${this.kind} sink failed to close: ${(error as Error)?.message}`);
    }
  }
}
