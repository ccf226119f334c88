import type { RecordSink } from '../vocabulary/record-sink.js';
import type { ShadowRecord } from './shadow-record.js';
import { recordModel, type SinkRecord } from './sink-record.js';
import { isThenable } from '../vocabulary/is-thenable.js';

/** Options of {@link callbackSink}. */
export interface CallbackSinkOptions {
  /** Most callbacks still pending (returned promises not yet settled); records beyond are dropped and counted. Default 1000. */
  maxPending?: number;
}

/**
 * A sink that hands each record (shadow pair or exposure) to `fn`, sync or async (send to a queue, a database, a test array).
 * A callback that throws or rejects loses that record (counted); a slow async callback makes the sink
 * drop new records once `maxPending` are waiting, rather than grow memory.
 */
export function callbackSink<R extends SinkRecord = ShadowRecord>(
  fn: (record: R) => void | PromiseLike<unknown>,
  options: CallbackSinkOptions = {},
): RecordSink<R> {
  const maxPending = options.maxPending ?? 1000;
  let pending = 0;
  let closed = false;
  let lost: (model: string) => void = () => {};
  let idle: Array<() => void> = [];
  const settled = (): void => {
    pending--;
    if (pending === 0 && idle.length > 0) {
      const waiting = idle;
      idle = [];
      for (const resolve of waiting) resolve();
    }
  };
  const flush = (): Promise<void> =>
    pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve));
  return {
    write(record) {
      if (closed || pending >= maxPending) return false;
      let result: void | PromiseLike<unknown>;
      try {
        result = fn(record);
      } catch {
        return false;
      }
      if (isThenable(result)) {
        pending++;
        const model = recordModel(record);
        Promise.resolve(result).then(settled, () => {
          settled();
          lost(model);
        });
      }
      return true;
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
    attach(report) {
      lost = report;
    },
  };
}
