import type { Hash32 } from '../assignment/hasher.js';
import { assignIndex, randomIndex } from '../assignment/weighted-rendezvous.js';
import type { Clock } from '../clock/clock.js';
import { ModelrouteError } from '../errors/modelroute-error.js';
import { showValue } from '../rollout/shape/show-value.js';
import type { RouteGuard } from '../guard/route-guard.js';
import type { Decision, DecisionReason } from '../vocabulary/decision.js';
import type { RouteSnapshot } from '../vocabulary/route-snapshot.js';

/** What a decision needs besides the document in force: fixed for the life of a router. */
export interface DecideContext {
  readonly route: string;
  readonly fallback: string;
  readonly hash: Hash32;
  readonly clock: Clock;
}

const EMPTY_SHARES: Readonly<Record<string, number>> = Object.freeze({});

/**
 * The decision for one call, in order: no document → fallback (or the delegate's answer); an override;
 * the delegate's answer; no unit → random by weight; else sticky weighted assignment. Then the guard may
 * redirect a tripped variant to its target. Pure apart from reading the clock; records nothing.
 */
export function decideCall(
  ctx: DecideContext,
  snap: RouteSnapshot | undefined,
  guard: RouteGuard | undefined,
  unit: string | undefined,
  delegated?: string,
): Decision {
  if (unit !== undefined && typeof unit !== 'string') throw notAUnit(unit);
  const { route, fallback } = ctx;
  if (snap === undefined) {
    if (delegated !== undefined) {
      return {
        route,
        variant: delegated,
        reason: 'delegate',
        assigned: delegated,
        champion: fallback,
        sticky: unit !== undefined,
        shares: EMPTY_SHARES,
        configVersion: undefined,
      };
    }
    return {
      route,
      variant: fallback,
      reason: 'fallback',
      assigned: fallback,
      champion: fallback,
      sticky: true,
      shares: EMPTY_SHARES,
      configVersion: undefined,
    };
  }
  let variant: string;
  let reason: DecisionReason;
  const pinned = unit === undefined ? undefined : snap.overrides.get(unit);
  if (pinned !== undefined) {
    variant = pinned;
    reason = 'override';
  } else if (delegated !== undefined) {
    variant = delegated;
    reason = 'delegate';
  } else if (unit === undefined) {
    variant = snap.table.ids[randomIndex(snap.table)]!;
    reason = 'random';
  } else {
    variant = snap.table.ids[assignIndex(ctx.hash, snap.table, unit)]!;
    reason = 'weighted';
  }
  if (guard !== undefined && guard.notClosed > 0) {
    const target = guard.redirect(variant, ctx.clock.now());
    if (target !== undefined)
      return {
        route,
        variant: target,
        reason: 'guard',
        assigned: variant,
        champion: snap.champion,
        sticky: unit !== undefined,
        shares: snap.shares,
        configVersion: snap.version,
      };
  }
  return {
    route,
    variant,
    reason,
    assigned: variant,
    champion: snap.champion,
    sticky: reason !== 'random' && unit !== undefined,
    shares: snap.shares,
    configVersion: snap.version,
  };
}

/** A JavaScript caller's unit that is not a string (a numeric id, null): said plainly, not a TypeError of the hasher. */
function notAUnit(unit: unknown): ModelrouteError {
  return new ModelrouteError(
    'invalid_options',
    `unit must be a string (a user or session id; leave it out for a call without one), got ${showValue(unit)}; pass String(id)`,
  );
}
