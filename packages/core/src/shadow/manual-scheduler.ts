import type { Clock } from '../clock/clock.js';
import type { ShadowScheduler } from './shadow-scheduler.js';

/** A {@link ShadowScheduler} that runs deferred work and timeouts only when told: for tests. */
export interface ManualShadowScheduler extends ShadowScheduler {
  /** Runs the deferred work queued so far, and any work that it queues; returns how many tasks ran. */
  runDeferred(): number;
  /** Fires every timeout due at the clock's current time; returns how many fired. */
  runDue(): number;
  /** Deferred tasks waiting to run. */
  readonly deferredCount: number;
  /** Timeouts registered and neither fired nor cancelled. */
  readonly timerCount: number;
}

/**
 * Creates a {@link ManualShadowScheduler}. Timeouts are due on `clock` (a `manualClock()` in tests):
 * advance the clock, then call `runDue()`.
 */
export function manualShadowScheduler(clock: Clock): ManualShadowScheduler {
  let deferred: Array<() => void> = [];
  const timers = new Map<number, { due: number; fn: () => void }>();
  let nextId = 0;
  return {
    now: () => clock.now(),
    defer(fn) {
      deferred.push(fn);
    },
    timeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { due: clock.now() + ms, fn });
      return () => {
        timers.delete(id);
      };
    },
    runDeferred() {
      let ran = 0;
      while (deferred.length > 0) {
        const batch = deferred;
        deferred = [];
        for (const fn of batch) {
          ran++;
          fn();
        }
      }
      return ran;
    },
    runDue() {
      const now = clock.now();
      let fired = 0;
      for (const [id, timer] of [...timers]) {
        if (timer.due > now || !timers.has(id)) continue;
        timers.delete(id);
        fired++;
        timer.fn();
      }
      return fired;
    },
    get deferredCount() {
      return deferred.length;
    },
    get timerCount() {
      return timers.size;
    },
  };
}
