import type { ShadowDropReason } from '../vocabulary/outcomes.js';
import type { RecordSink } from '../vocabulary/record-sink.js';

/**
 * A router's sinks of one kind of record (shadow pairs, exposures), written together and closed together.
 * Every record a sink refuses, throws on or loses later is reported through `dropped`; nothing here throws.
 */
export class SinkSet<R> {
  private open = true;

  constructor(
    private readonly sinks: readonly RecordSink<R>[],
    private readonly dropped: (model: string, reason: Extract<ShadowDropReason, 'sink' | 'closed'>) => void,
    private readonly warn: (key: string, message: string) => void,
    private readonly what = 'shadow',
  ) {
    for (const sink of sinks) {
      try {
        sink.attach?.((model) => dropped(model, 'sink'));
      } catch (error) {
        warn('attach', `a ${what} sink failed to attach: ${(error as Error)?.message}`);
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
        `a ${this.what} record could not be built (check the project and recordInput options): ${(error as Error)?.message}`,
      );
      return;
    }
    for (const sink of this.sinks) {
      let accepted: boolean | void = false;
      try {
        accepted = sink.write(record);
      } catch (error) {
        this.warn(
          'sink',
          `a ${this.what} sink threw on write; records are dropped and counted: ${(error as Error)?.message}`,
        );
      }
      if (accepted === false) this.dropped(model, 'sink');
    }
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
      this.warn('flush', `a ${this.what} sink failed to flush on close: ${(error as Error)?.message}`);
    }
    try {
      await sink.close?.();
    } catch (error) {
      this.warn('close', `a ${this.what} sink failed to close: ${(error as Error)?.message}`);
    }
  }
}
