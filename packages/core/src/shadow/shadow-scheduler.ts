/**
 * How the shadow runner defers work and abandons hung calls. The default uses Node's timers; tests
 * inject {@link manualShadowScheduler} to show ordering and timeouts without sleeping.
 */
export interface ShadowScheduler {
  /** Milliseconds on the scale of `timeout` (deadlines are computed with it). */
  now(): number;
  /** Runs `fn` later, after the caller's continuation (the default is `setImmediate`). A `defer` that runs `fn` at once also works, but then shadow calls start inside `predict`. */
  defer(fn: () => void): void;
  /**
   * Runs `fn` after `ms` milliseconds unless the returned function is called first. Must not keep the
   * process alive, except with `keepAlive` (the deadline of `router.close()`, so that a process awaiting
   * it does not exit half-way).
   */
  timeout(fn: () => void, ms: number, keepAlive?: boolean): () => void;
}

/** The default scheduler: `performance.now()`, `setImmediate`, and an unref'd `setTimeout` (a pending shadow timeout never keeps the process alive). */
export const defaultShadowScheduler: ShadowScheduler = {
  now: () => performance.now(),
  defer(fn) {
    setImmediate(fn);
  },
  timeout(fn, ms, keepAlive) {
    const timer = setTimeout(fn, ms);
    if (keepAlive !== true) timer.unref();
    return () => clearTimeout(timer);
  },
};
