import { availableParallelism } from 'node:os';
import type { Transferable } from 'node:worker_threads';
import { defaultGuardTimer, type GuardTimer, ModelrouteError } from '@modelroute/core';

/** Options of {@link workerModel}. */
export interface WorkerModelOptions<I> {
  /** The module's export that is the model function `(input) => output` (sync or async). Default `'default'`. */
  exportName?: string;
  /**
   * Worker threads in the pool (each loads the module once). Default: the spare cores,
   * `availableParallelism() - 1`, at least 1: the caller's event loop keeps a core of its own.
   */
  threads?: number;
  /**
   * Calls that may wait for a free thread. A call beyond `threads + maxQueue` is not queued: it rejects at
   * once with a `ModelrouteError` (`model_overloaded`); the router counts a shadow copy so rejected as
   * dropped (`capacity`), never as an error. For a shadow-only model, `0` (run now or drop) keeps the
   * pool from falling behind. Default `4 * threads`.
   */
  maxQueue?: number;
  /**
   * A call still running this many ms after a thread took it is ended: its thread is terminated and replaced
   * (so a model that never returns cannot hold a thread) and the call rejects with a `ModelrouteError`
   * (`model_timeout`), which the router classifies as a timeout. The time a call waits in the queue, or for
   * the model module to load on a new thread, does not count. `0` turns it off. Default `30000`.
   */
  timeoutMs?: number;
  /**
   * How long a new thread may take to load the model module, in ms. Calls wait for a thread that is loading
   * (its time does not count against `timeoutMs`); a thread still loading after this long is terminated, and
   * the calls that had no other thread to wait for reject with `model_timeout`. The next call starts a new
   * thread. `0` turns it off. Default `60000`.
   */
  loadTimeoutMs?: number;
  /**
   * The parts of an input to move to the worker instead of copying them (`ArrayBuffer`s of typed arrays):
   * moved buffers are detached in the caller, so use it only when nothing reads the input after the call
   * (not for a shadow, which receives the primary's input). Default: none, everything is copied.
   */
  transfer?: (input: I) => readonly Transferable[];
  /** Schedules `timeoutMs`. Default: an unref'd `setTimeout` (core's `defaultGuardTimer`). Tests pass a manual one. */
  timer?: GuardTimer;
  /** How long `close()` waits for calls running in the pool before it terminates the threads, in ms. Default `5000`. */
  closeTimeoutMs?: number;
  /**
   * The scheduling priority of the pool's threads. `'low'` (the lowest nice value, on Linux) lets the operating
   * system give a core to the caller's thread first whenever both want one: for a shadow-only pool, whose work
   * must never delay a caller. Leave `'normal'` for a model that answers callers (primary or failover), whose
   * latency is theirs. Elsewhere than Linux `'low'` changes nothing. Default `'normal'`.
   */
  priority?: WorkerPriority;
}

/** The scheduling priority of a workerModel's threads; see {@link WorkerModelOptions.priority}. */
export type WorkerPriority = 'normal' | 'low';

/** The options with their defaults applied. */
export interface ResolvedWorkerModelOptions<I> {
  readonly exportName: string;
  readonly threads: number;
  readonly maxQueue: number;
  readonly timeoutMs: number;
  readonly loadTimeoutMs: number;
  readonly transfer: ((input: I) => readonly Transferable[]) | undefined;
  readonly closeTimeoutMs: number;
  readonly timer: GuardTimer;
  readonly priority: WorkerPriority;
}

/** Checks the options and applies the defaults; throws `invalid_options` with what to pass instead. */
export function resolveWorkerModelOptions<I>(
  modulePath: unknown,
  options: WorkerModelOptions<I> = {},
): ResolvedWorkerModelOptions<I> {
  const fail = (message: string): never => {
    throw new ModelrouteError('invalid_options', `workerModel: ${message}`);
  };
  if (!(typeof modulePath === 'string' && modulePath !== '') && !(modulePath instanceof URL))
    fail(
      'pass the path (or file: URL) of the module that exports the model, e.g. workerModel(new URL("./model.mjs", import.meta.url))',
    );
  if (options === null || typeof options !== 'object')
    fail('options must be an object, e.g. { threads: 1, maxQueue: 0 }');
  const count = (name: string, value: unknown, min: number): void => {
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= min))
      fail(`${name} must be an integer of at least ${min}, got ${String(value)}`);
  };
  count('threads', options.threads, 1);
  count('maxQueue', options.maxQueue, 0);
  if (options.timeoutMs !== undefined && !((options.timeoutMs as number) >= 0))
    fail(`timeoutMs must be a non-negative number of milliseconds (0: no limit), got ${String(options.timeoutMs)}`);
  if (options.loadTimeoutMs !== undefined && !((options.loadTimeoutMs as number) >= 0))
    fail(
      `loadTimeoutMs must be a non-negative number of milliseconds (0: no limit), got ${String(options.loadTimeoutMs)}`,
    );
  if (options.closeTimeoutMs !== undefined && !((options.closeTimeoutMs as number) >= 0))
    fail(`closeTimeoutMs must be a non-negative number of milliseconds, got ${String(options.closeTimeoutMs)}`);
  if (options.exportName !== undefined && (typeof options.exportName !== 'string' || options.exportName === ''))
    fail(`exportName must be a non-empty string, got ${String(options.exportName)}`);
  if (options.transfer !== undefined && typeof options.transfer !== 'function')
    fail('transfer must be a function (input) => the ArrayBuffers to move');
  if (options.timer !== undefined && typeof options.timer?.timeout !== 'function')
    fail('timer must have timeout(fn, ms) returning a cancel function');
  if (options.priority !== undefined && options.priority !== 'normal' && options.priority !== 'low')
    fail(`priority must be 'normal' or 'low', got ${String(options.priority)}`);
  const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
  return {
    exportName: options.exportName ?? 'default',
    threads,
    maxQueue: options.maxQueue ?? 4 * threads,
    timeoutMs: options.timeoutMs ?? 30_000,
    loadTimeoutMs: options.loadTimeoutMs ?? 60_000,
    transfer: options.transfer,
    closeTimeoutMs: options.closeTimeoutMs ?? 5000,
    timer: options.timer ?? defaultGuardTimer,
    priority: options.priority ?? 'normal',
  };
}
