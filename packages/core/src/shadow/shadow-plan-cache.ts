import type { Hash32 } from '../assignment/hasher.js';
import type { RouteSnapshot } from '../vocabulary/route-snapshot.js';
import { compileShadowPlan, type ShadowPlan } from './shadow-plan.js';

/**
 * Each snapshot's shadow plan, compiled once. Calls decided under an older document may still reach
 * the runner after a new one is applied, so plans are kept per snapshot (weakly: a dropped document
 * frees its plan), with the last one aside: the common call costs one identity check.
 */
export class ShadowPlanCache {
  private readonly plans = new WeakMap<RouteSnapshot, ShadowPlan>();
  private last: RouteSnapshot | undefined;
  private lastPlan: ShadowPlan | undefined;

  constructor(private readonly hash: Hash32) {}

  /** The plan of `snapshot`; compiles it the first time. May throw (the hasher's own failure). */
  of(snapshot: RouteSnapshot): ShadowPlan {
    if (snapshot === this.last) return this.lastPlan!;
    let plan = this.plans.get(snapshot);
    if (plan === undefined) {
      plan = compileShadowPlan(this.hash, snapshot);
      this.plans.set(snapshot, plan);
    }
    this.last = snapshot;
    this.lastPlan = plan;
    return plan;
  }
}
