import type { Hash32 } from '../assignment/hasher.js';
import { fmix32 } from '../assignment/weighted-rendezvous.js';
import type { RouteSnapshot } from '../vocabulary/route-snapshot.js';

/** The prefix that separates shadow sampling from variant assignment under the same salt. */
export const SHADOW_SALT_PREFIX = 'modelroute/shadow/v1:';

/** One shadow target, compiled for the call path. */
export interface CompiledShadowTarget {
  readonly model: string;
  /** 0: never; 1: always; else: compare a uniform draw with the fraction. */
  readonly fraction: number;
  /** Sampled per unit (deterministic) when the call has a unit. */
  readonly byUnit: boolean;
  /** xxh32(utf8(model), seed): mixes the unit hash per target, so targets are independent of each other. */
  readonly key: number;
  /** fraction * 2^32: a unit is mirrored when fmix32(H xor key) < threshold. */
  readonly threshold: number;
}

/** A snapshot's shadow list compiled once per applied document. */
export interface ShadowPlan {
  /** The seed of the unit hash: xxh32(utf8(SHADOW_SALT_PREFIX + salt), 0), salt defaulting to the route. */
  readonly seed: number;
  readonly targets: readonly CompiledShadowTarget[];
}

/** Compiles a snapshot's `shadow` list. */
export function compileShadowPlan(hash: Hash32, snapshot: RouteSnapshot): ShadowPlan {
  const seed = hash(SHADOW_SALT_PREFIX + (snapshot.document.salt ?? snapshot.route), 0);
  const targets = snapshot.shadow.map((t) => ({
    model: t.model,
    fraction: t.fraction,
    byUnit: t.sampling === 'unit',
    key: hash(t.model, seed),
    threshold: t.fraction * 4294967296,
  }));
  return { seed, targets };
}

/**
 * Whether a unit is mirrored to a target, given `unitHash = xxh32(utf8(unit), plan.seed)`. Spec v1:
 * mirrored iff fmix32(unitHash xor key) < fraction * 2^32. The seed differs from the assignment's
 * (a prefixed salt), so being mirrored says nothing about the variant a unit is assigned.
 */
export function unitSampled(target: CompiledShadowTarget, unitHash: number): boolean {
  return fmix32((unitHash ^ target.key) >>> 0) < target.threshold;
}
