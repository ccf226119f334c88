/**
 * How the shadow runner defers work and abandons hung calls. The default uses Node's timers; tests
 * inject {@link manualShadowScheduler} to show ordering and timeouts without sleeping.
 */
export interface ShadowScheduler {
  /** Runs `fn` later, after the caller's continuation (the default is `setImmediate`). */
  defer(fn: () => void): void;
  /** Runs `fn` after `ms` milliseconds unless the returned function is called first. Must not keep the process alive. */
  timeout(fn: () => void, ms: number): () => void;
}

/** The default scheduler: `setImmediate`, and an unref'd `setTimeout` (a pending timeout never keeps the process alive). */
export const defaultShadowScheduler: ShadowScheduler = {
  defer(fn) {
    setImmediate(fn);
  },
  timeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
