import { ModelrouteError } from '../errors/modelroute-error.js';
import type { Clock } from './clock.js';

/** A clock that moves only when told: for tests of latency, windows and cool-downs without sleeping. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms` milliseconds (must be non-negative). */
  advance(ms: number): void;
  /** Sets the time to `ms`; it must not go backwards. */
  set(ms: number): void;
}

/**
 * Creates a {@link ManualClock} starting at `start` milliseconds (default 0). A negative or NaN `advance`,
 * or a `set` that goes backwards, throws a `ModelrouteError` with code `invalid_options`.
 */
export function manualClock(start = 0): ManualClock {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      if (!(ms >= 0))
        throw new ModelrouteError(
          'invalid_options',
          `manualClock.advance: ms must be a non-negative number, got ${ms}; to go back in time, create a new manualClock`,
        );
      time += ms;
    },
    set(ms) {
      if (!(ms >= time))
        throw new ModelrouteError(
          'invalid_options',
          `manualClock.set: time cannot go backwards (now ${time}, got ${ms}); pass a time >= now(), or create a new manualClock`,
        );
      time = ms;
    },
  };
}
