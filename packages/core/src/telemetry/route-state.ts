import type { Attributes } from '@opentelemetry/api';
import { ATTR } from './instruments.js';
import type { ReviewCounts } from '../vocabulary/review-counts.js';
import type { ExperimentCounts } from '../vocabulary/experiment-counts.js';
import { ModelSlot } from './model-slot.js';

/** The route-level counts, kept locally. */
export interface RouteCounts {
  applied: number;
  rejected: number;
  delegateErrors: number;
  delegateUnknownModels: number;
  delegateTimeouts: number;
}

/** The route-level attribute objects, built once. */
export interface RouteAttributes {
  readonly applied: Attributes;
  readonly rejected: Attributes;
  readonly delegateError: Attributes;
  readonly delegateUnknownModel: Attributes;
  readonly delegateTimeout: Attributes;
}

/**
 * What is measured of one route: a slot per model and the route's counts. One per (meter, route), shared
 * by every router of that route on that meter, so that counters stay monotonic when a router is replaced
 * (or two serve the same route) instead of two callbacks reporting different totals for one series.
 */
export interface RouteState {
  readonly route: string;
  readonly slots: Map<string, ModelSlot>;
  readonly counts: RouteCounts;
  readonly attributes: RouteAttributes;
  /** Slots made for names outside the models given at creation (bounded by the caller). */
  extraSlots: number;
  /** The experiments of the routers of this route (one each; kept after a router closes, so counters never go down). */
  readonly experiments: Set<ExperimentCounts>;
  /** The reviews of the routers of this route (one each; kept after a router closes, so counters never go down). */
  readonly reviews: Set<ReviewCounts>;
}

function routeAttributes(route: string): RouteAttributes {
  const at = (key: string, value: string): Attributes => Object.freeze({ [ATTR.route]: route, [key]: value });
  return {
    applied: at(ATTR.documentResult, 'applied'),
    rejected: at(ATTR.documentResult, 'rejected'),
    delegateError: at(ATTR.delegateFailure, 'error'),
    delegateUnknownModel: at(ATTR.delegateFailure, 'unknown_model'),
    delegateTimeout: at(ATTR.delegateFailure, 'timeout'),
  };
}

/** A route's state with a slot per model; the fallback model has all the traffic until a document applies. */
export function newRouteState(route: string, models: readonly string[], fallback: string): RouteState {
  const slots = new Map(models.map((model) => [model, new ModelSlot(route, model)]));
  const slot = slots.get(fallback);
  if (slot) slot.weight = 1;
  return {
    route,
    slots,
    counts: { applied: 0, rejected: 0, delegateErrors: 0, delegateUnknownModels: 0, delegateTimeouts: 0 },
    attributes: routeAttributes(route),
    extraSlots: 0,
    experiments: new Set(),
    reviews: new Set(),
  };
}

const add = (into: Float64Array, from: Float64Array): void => {
  for (let i = 0; i < into.length; i++) into[i]! += from[i]!;
};

/**
 * Adds what `from` counted (a router's own state, before it joined a meter) into `into`. Counts add up;
 * the weights and guard states of `from` win when it has applied a document (it is the newest router).
 */
export function mergeRouteState(into: RouteState, from: RouteState): void {
  const newest = from.counts.applied > 0 || into.counts.applied === 0;
  for (const [model, slot] of from.slots) {
    let target = into.slots.get(model);
    if (target === undefined) {
      target = new ModelSlot(into.route, model);
      into.slots.set(model, target);
    }
    add(target.decisions, slot.decisions);
    add(target.drops, slot.drops);
    add(target.comparisons, slot.comparisons);
    add(target.trips, slot.trips);
    target.gateReady += slot.gateReady;
    target.guardListed ||= slot.guardListed;
    target.shadowListed ||= slot.shadowListed;
    if (newest) {
      target.weight = slot.weight;
      target.state = slot.state;
    }
  }
  if (newest) for (const [model, target] of into.slots) if (!from.slots.has(model)) target.weight = 0;
  into.counts.applied += from.counts.applied;
  into.counts.rejected += from.counts.rejected;
  into.counts.delegateErrors += from.counts.delegateErrors;
  into.counts.delegateUnknownModels += from.counts.delegateUnknownModels;
  into.counts.delegateTimeouts += from.counts.delegateTimeouts;
  for (const experiment of from.experiments) into.experiments.add(experiment);
  for (const review of from.reviews) into.reviews.add(review);
}
