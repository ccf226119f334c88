import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Transferable } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { CallSignal } from './call-signal.js';
import type { ResolvedWorkerModelOptions } from './worker-model-options.js';

/** What workerModel asks of its pool. */
export interface ThreadPool {
  /** Runs one call on a free thread, or queues it; `signal`'s abort terminates the thread running it. */
  run(input: unknown, options: { signal?: CallSignal; transferList?: readonly Transferable[] }): Promise<unknown>;
  /** Waits for running calls up to the close timeout, then terminates the threads. */
  close(): Promise<void>;
}

/** A workerModel's pool: piscina, with the model loaded through worker-entry.mjs in each thread. */
export function piscinaPool(
  filename: string,
  o: Pick<ResolvedWorkerModelOptions<unknown>, 'priority' | 'exportName' | 'threads' | 'closeTimeoutMs'>,
  label: string,
  warn: (message: string) => void,
): ThreadPool {
  // Each thread loads worker-entry.mjs, which lowers its priority (for 'low') and then loads the model module.
  const pool = new Piscina({
    filename: fileURLToPath(new URL('./worker-entry.mjs', import.meta.url)),
    workerData: {
      modelroute: { href: pathToFileURL(filename).href, exportName: o.exportName, low: o.priority === 'low' },
    },
    minThreads: o.threads,
    maxThreads: o.threads,
    closeTimeout: o.closeTimeoutMs,
    recordTiming: false, // piscina's run and wait histograms: a cost per call that nothing here reads
  });
  // A thread that fails with no call on it (or a close that timed out) is reported here; piscina has
  // already replaced the thread. Without a listener the 'error' event would throw.
  pool.on('error', (error: unknown) => warn((error as Error)?.message));
  // An output that structured clone cannot copy (one holding a function...) ends piscina's thread with a
  // DataCloneError, a DOMException, which Node 20 copies to the caller's thread as an empty object.
  const lost = (error: unknown): never => {
    if (error !== null && typeof error === 'object' && !(error instanceof Error) && Object.keys(error).length === 0)
      throw new Error(
        `${label}: the call failed in the worker thread with an error that could not be copied back, most often an output that structured clone cannot copy (a function, a symbol); return plain data`,
      );
    throw error;
  };
  return {
    run: (input, options) => pool.run(input, options as Parameters<Piscina['run']>[1]).catch(lost),
    close: () => closeWithin(pool, o.closeTimeoutMs),
  };
}

/**
 * piscina's close() waits for running calls up to its closeTimeout, but a call that times out or whose thread
 * exits while it waits can leave it pending for good (a script then ends with its top-level await unsettled).
 * A timer of our own bounds it, and keeps the process alive until it fires; then the threads are destroyed.
 */
async function closeWithin(pool: Piscina, closeTimeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(resolve, closeTimeoutMs + CLOSE_GRACE_MS, 'expired');
  });
  const outcome = await Promise.race([pool.close().then(() => 'closed' as const), expired]);
  clearTimeout(timer);
  if (outcome === 'expired') await pool.destroy();
}

/** How long past closeTimeoutMs piscina's own close may take before the pool is destroyed. */
const CLOSE_GRACE_MS = 1000;
