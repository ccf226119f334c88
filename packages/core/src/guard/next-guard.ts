import type { Clock } from '../clock/clock.js';
import type { GuardState } from './guard-events.js';
import { RouteGuard, type RouteGuardInput } from './route-guard.js';

/**
 * The guard for a newly applied document: a fresh one (windows start afresh) that keeps the trips of
 * `previous` where {@link RouteGuard.carryTrips} allows (same champion, same guard config, variant still
 * guarded; docs/guard.md), or undefined when the document has no `guard`. `onState` hears the new
 * guard's state changes and, for each variant `previous` had out and the new guard does not keep,
 * `closed`.
 */
export function nextGuard(
  previous: RouteGuard | undefined,
  snapshot: RouteGuardInput,
  onState: (variant: string, state: GuardState) => void,
  clock: Clock,
): RouteGuard | undefined {
  const guard = snapshot.guard === undefined ? undefined : new RouteGuard(snapshot, onState, clock);
  const kept = guard?.carryTrips(previous) ?? [];
  for (const variant of previous?.notClosedVariants() ?? []) if (!kept.includes(variant)) onState(variant, 'closed');
  return guard;
}
