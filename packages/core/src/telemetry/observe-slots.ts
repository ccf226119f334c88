import type { Attributes, BatchObservableResult } from '@opentelemetry/api';
import { ATTR } from './instruments.js';
import { COMPARISONS, DROP_REASONS, REASONS, STATES, TRIGGERS, type ModelSlot } from './model-slot.js';
import type { OtelInstruments } from './otel-instruments.js';

/** The route-level counts of one router, kept locally. */
export interface RouteCounts {
  applied: number;
  rejected: number;
  delegateErrors: number;
  delegateUnknownModels: number;
}

/** The route-level attribute objects, built once. */
export interface RouteAttributes {
  readonly applied: Attributes;
  readonly rejected: Attributes;
  readonly delegateError: Attributes;
  readonly delegateUnknownModel: Attributes;
}

export function routeAttributes(route: string): RouteAttributes {
  const at = (key: string, value: string): Attributes => Object.freeze({ [ATTR.route]: route, [key]: value });
  return {
    applied: at(ATTR.documentResult, 'applied'),
    rejected: at(ATTR.documentResult, 'rejected'),
    delegateError: at(ATTR.delegateFailure, 'error'),
    delegateUnknownModel: at(ATTR.delegateFailure, 'unknown_model'),
  };
}

/**
 * Writes the locally kept counts of one router into the observable instruments, at collection time.
 * Rare-event counters (documents, guard, shadow, delegate) are reported from zero, so that a backend sees
 * the first increment (Prometheus' `increase()` needs a sample before it); decisions only once nonzero.
 */
export function observeSlots(
  result: BatchObservableResult,
  instruments: OtelInstruments,
  slots: Iterable<ModelSlot>,
  counts: RouteCounts,
  attributes: RouteAttributes,
): void {
  const { decisions, weight, documents, shadowDrops, shadowComparisons, guardTrips, guardStatus, delegateFailures } = instruments;
  result.observe(documents, counts.applied, attributes.applied);
  result.observe(documents, counts.rejected, attributes.rejected);
  result.observe(delegateFailures, counts.delegateErrors, attributes.delegateError);
  result.observe(delegateFailures, counts.delegateUnknownModels, attributes.delegateUnknownModel);
  for (const slot of slots) {
    result.observe(weight, slot.weight, slot.base);
    for (let i = 0; i < REASONS.length; i++) {
      if (slot.decisions[i]! > 0) result.observe(decisions, slot.decisions[i]!, slot.reasonAttributes[i]);
    }
    if (slot.guardListed) {
      for (let i = 0; i < TRIGGERS.length; i++) result.observe(guardTrips, slot.trips[i]!, slot.tripAttributes[i]);
      for (let i = 0; i < STATES.length; i++) result.observe(guardStatus, STATES[i] === slot.state ? 1 : 0, slot.stateAttributes[i]);
    }
    if (slot.shadowListed) {
      for (let i = 0; i < DROP_REASONS.length; i++) result.observe(shadowDrops, slot.drops[i]!, slot.dropAttributes[i]);
      for (let i = 0; i < COMPARISONS.length; i++) result.observe(shadowComparisons, slot.comparisons[i]!, slot.comparisonAttributes[i]);
    }
  }
}
