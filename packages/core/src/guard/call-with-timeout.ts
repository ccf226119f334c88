import { ModelrouteError } from '../errors/modelroute-error.js';
import { isThenable } from '../vocabulary/is-thenable.js';

/**
 * Schedules the guard's failover timeouts. The default uses an unref'd `setTimeout`; tests pass a
 * manual one (the shape matches `ShadowScheduler.timeout`, so `manualShadowScheduler(clock)` fits).
 */
export interface GuardTimer {
  /** Runs `fn` after `ms` milliseconds unless the returned function is called first. Must not keep the process alive. */
  timeout(fn: () => void, ms: number): () => void;
}

/** The default {@link GuardTimer}: Node's `setTimeout`, unref'd. */
export const defaultGuardTimer: GuardTimer = {
  timeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/**
 * Calls `model(input)`; if it returns a promise that has not settled after `timeoutMs`, rejects with a
 * `ModelrouteError` (`model_timeout`). The abandoned promise keeps a handler, so its later rejection
 * is never unhandled. A synchronous model (or a synchronous throw) is returned as it is: no timer.
 */
export function callWithTimeout<I, O>(
  model: (input: I) => O | Promise<O>,
  input: I,
  timeoutMs: number,
  timer: GuardTimer,
  label: string,
): O | Promise<O> {
  const result = model(input);
  if (!isThenable(result)) return result;
  return withinTime(
    result as PromiseLike<O>,
    timeoutMs,
    timer,
    () =>
      new ModelrouteError(
        'model_timeout',
        `${label} did not answer within timeoutMs (${timeoutMs} ms); raise the route's guard.timeoutMs or fix the model's latency`,
      ),
  );
}

/**
 * `promise`'s outcome, or a rejection with `timedOut()` once `ms` have passed on `timer`. The abandoned
 * promise keeps a handler, so its later outcome is ignored and its rejection never unhandled.
 */
export function withinTime<T>(
  promise: PromiseLike<T>,
  ms: number,
  timer: GuardTimer,
  timedOut: () => unknown,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const cancel = timer.timeout(() => {
      if (done) return;
      done = true;
      reject(timedOut());
    }, ms);
    promise.then(
      (value) => {
        if (done) return;
        done = true;
        cancel();
        resolve(value);
      },
      (error: unknown) => {
        if (done) return;
        done = true;
        cancel();
        reject(error);
      },
    );
  });
}
