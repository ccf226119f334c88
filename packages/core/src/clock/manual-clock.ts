import type { Clock } from './clock.js';

/** A clock that moves only when told: for tests of latency, windows and cool-downs without sleeping. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms` milliseconds (must be non-negative). */
  advance(ms: number): void;
  /** Sets the time to `ms`; it must not go backwards. */
  set(ms: number): void;
}

/** Creates a {@link ManualClock} starting at `start` milliseconds (default 0). */
export function manualClock(start = 0): ManualClock {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`manualClock.advance: ms must be a non-negative number, got ${ms}`);
      time += ms;
    },
    set(ms) {
      if (!(ms >= time)) throw new RangeError(`manualClock.set: time cannot go backwards (now ${time}, got ${ms})`);
      time = ms;
    },
  };
}
