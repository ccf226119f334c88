import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Transferable } from 'node:worker_threads';
import { ModelrouteError } from '@modelroute/core';
import { WorkerThreadPool } from './thread-pool.js';
import { resolveWorkerModelOptions, type WorkerModelOptions } from './worker-model-options.js';

/** A model that runs on a pool of worker threads; see {@link workerModel}. */
export interface WorkerModel<I, O> {
  /** Runs one call on a free thread (or queues it); the input and output cross by structured clone. */
  (input: I): Promise<O>;
  /** Ends the pool: waits for running calls up to `closeTimeoutMs`, then terminates the threads. Idempotent; never rejects. `router.close()` calls it. */
  close(): Promise<void>;
  /** Calls handed to the pool and not settled yet (running or queued). */
  readonly pending: number;
  /** Calls rejected with `model_overloaded` because `threads + maxQueue` calls were pending. */
  readonly overloaded: number;
  /** The pool's thread count. */
  readonly threads: number;
  /**
   * Calls the pool takes now without rejecting them (`threads + maxQueue - pending`): the router's shadow
   * runner asks before it queues a copy, so a copy with no room is dropped and counted without a call.
   */
  capacity(): number;
}

/**
 * A model whose function runs on a pool of worker threads, off the caller's event loop: for
 * CPU-bound models (ONNX Runtime, tree ensembles, tokenizers). Use it as any model: primary, shadow or
 * failover target. `modulePath` (a path, relative to the working directory, or a `file:` URL) exports
 * the model function, `(input) => output` (sync or async); each thread loads the module once.
 *
 * Errors are the model's own (a throw in the worker, or the thread's exit); a call over `timeoutMs`
 * rejects with `model_timeout` and its thread is replaced; a call that finds `threads + maxQueue` calls
 * pending rejects with `model_overloaded` (a shadow copy counts as dropped); after `close()`, calls reject
 * with `model_closed`. Throws `invalid_options` for mistakes in the arguments.
 */
export function workerModel<I = unknown, O = unknown>(
  modulePath: string | URL,
  options?: WorkerModelOptions<I>,
): WorkerModel<I, O> {
  const o = resolveWorkerModelOptions(modulePath, options);
  const filename = modulePath instanceof URL ? fileURLToPath(modulePath) : resolve(modulePath);
  if (!existsSync(filename))
    throw new ModelrouteError('invalid_options', `workerModel: no module at ${filename}; pass the model module's path`);
  const label = `workerModel ${basename(filename)}#${o.exportName}`;
  const warn = (message: string): void => process.emitWarning(`modelroute: ${label}: ${message}`, 'ModelrouteWarning');
  const pool = new WorkerThreadPool({
    href: pathToFileURL(filename).href,
    exportName: o.exportName,
    threads: o.threads,
    low: o.priority === 'low',
    timeoutMs: o.timeoutMs,
    loadTimeoutMs: o.loadTimeoutMs,
    timer: o.timer,
    timeoutError: () =>
      new ModelrouteError(
        'model_timeout',
        `${label} did not answer within timeoutMs (${o.timeoutMs} ms); its thread was replaced. Raise timeoutMs or fix the model's latency`,
      ),
    loadTimeoutError: () =>
      new ModelrouteError(
        'model_timeout',
        `${label}: the model module did not load within loadTimeoutMs (${o.loadTimeoutMs} ms) on a new worker thread; fix what its import waits for, or raise loadTimeoutMs`,
      ),
    closeTimeoutMs: o.closeTimeoutMs,
    label,
    warn,
  });
  const limit = o.threads + o.maxQueue;
  // One error for every rejection: a shadow copy that finds the pool full is dropped many times a second, and
  // a new error per drop would capture a stack trace each time (its stack says nothing about the caller anyway).
  const overloadedError = new ModelrouteError(
    'model_overloaded',
    `${label}: threads ${o.threads} + maxQueue ${o.maxQueue} calls already running or queued; raise threads or maxQueue, or send it less traffic`,
  );
  let pending = 0;
  let overloaded = 0;
  let closing: Promise<void> | undefined;
  const release = (): void => {
    pending--;
  };

  const call = (input: I): Promise<O> => {
    if (closing !== undefined)
      return Promise.reject(new ModelrouteError('model_closed', `${label} is closed; create a new one`));
    if (pending >= limit) {
      overloaded++;
      return Promise.reject(overloadedError);
    }
    let transferList: readonly Transferable[] | undefined;
    try {
      transferList = o.transfer?.(input);
    } catch (error) {
      return Promise.reject(error); // the caller's own function failed: a rejection, as any failed call
    }
    pending++;
    const task = pool.run(input, transferList) as Promise<O>;
    task.then(release, release);
    return task;
  };

  const close = (): Promise<void> => {
    closing ??= pool.close().catch((error: unknown) => warn(`closing failed: ${(error as Error)?.message}`));
    return closing;
  };

  return Object.defineProperties(call, {
    close: { value: close },
    pending: { get: () => pending },
    overloaded: { get: () => overloaded },
    threads: { value: o.threads },
    capacity: { value: () => limit - pending },
  }) as WorkerModel<I, O>;
}
