/**
 * Where modelroute reads time. Inject one in tests (see {@link manualClock}); the default reads
 * `performance.now()`, a monotonic millisecond clock that wall-clock changes do not move.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale; only differences are meaningful. */
  now(): number;
}

/** The default clock: `performance.now()`. */
export const systemClock: Clock = { now: () => performance.now() };
