import type { Transferable } from 'node:worker_threads';
import type { CallSignal } from './call-signal.js';

/** The part of a worker pool that workerModel uses: piscina's, or the PollPool's (`pollMs`). */
export interface ThreadPool {
  /** Runs one call on a free thread, or queues it; `signal`'s abort terminates the thread running it. */
  run(input: unknown, options: { signal?: CallSignal; transferList?: readonly Transferable[] }): Promise<unknown>;
  /** Waits for calls up to the close timeout, then terminates the threads. */
  close(): Promise<void>;
}
