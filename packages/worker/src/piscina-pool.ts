import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { ThreadPool } from './thread-pool.js';
import type { ResolvedWorkerModelOptions } from './worker-model-options.js';

/** The default pool of a workerModel: piscina, which wakes a thread for each call. */
export function piscinaPool(
  filename: string,
  o: Pick<ResolvedWorkerModelOptions<unknown>, 'priority' | 'exportName' | 'threads' | 'closeTimeoutMs'>,
  label: string,
  warn: (message: string) => void,
): ThreadPool {
  // A low-priority pool loads worker-entry.mjs, which lowers its thread's priority and then loads the model module.
  const low = o.priority === 'low';
  const pool = new Piscina({
    filename: low ? fileURLToPath(new URL('./worker-entry.mjs', import.meta.url)) : filename,
    name: low ? 'default' : o.exportName,
    workerData: low ? { modelroute: { href: pathToFileURL(filename).href, exportName: o.exportName } } : undefined,
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
    close: () => pool.close(),
  };
}
