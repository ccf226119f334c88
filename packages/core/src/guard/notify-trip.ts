import type { TripEvent } from './guard-events.js';
import { isThenable } from '../vocabulary/is-thenable.js';
import type { WarningHandler } from '../vocabulary/warning.js';

/** A hook called on every trip, for a fleet-wide rollback (write the control plane, page someone). */
export type TripHook = (event: TripEvent) => void | Promise<void>;

/**
 * Calls the application's `onTrip` hook so that it can never throw into, or hold up, the call that
 * tripped the guard: the hook runs deferred (`setImmediate`, so after the caller's continuation), even
 * its synchronous part, and a synchronous throw or a rejection becomes one warning (`MODELROUTE_ON_TRIP_FAILED`). The trip
 * itself (the redirect from the next call) has already happened when this is called.
 */
export function notifyTrip(hook: TripHook | undefined, event: TripEvent, onWarning: WarningHandler): void {
  if (hook === undefined) return;
  const warn = (error: unknown): void => {
    onWarning({
      code: 'MODELROUTE_ON_TRIP_FAILED',
      message: `modelroute: the onTrip hook of route "${event.route}" failed for variant "${event.variant}"; the guard has taken it out locally anyway: ${error instanceof Error ? error.message : String(error)}`,
    });
  };
  setImmediate(() => {
    try {
      const result = hook(event);
      if (isThenable(result)) result.then(undefined, warn);
    } catch (error) {
      warn(error);
    }
  });
}
