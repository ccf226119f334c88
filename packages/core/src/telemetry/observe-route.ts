import type { BatchObservableResult } from '@opentelemetry/api';
import { COMPARISONS, DROP_REASONS, REASONS, STATES, TRIGGERS } from './model-slot.js';
import type { OtelInstruments } from './otel-instruments.js';
import type { RouteState } from './route-state.js';
import { observeExperiments } from './observe-experiments.js';
import { observeReviews } from './observe-reviews.js';

/**
 * Writes the locally kept counts of one route into the observable instruments, at collection time.
 * Rare-event counters (documents, guard, shadow, delegate) are reported from zero, so that a backend sees
 * the first increment (Prometheus' `increase()` needs a sample before it); decisions only once nonzero.
 */
export function observeRoute(result: BatchObservableResult, instruments: OtelInstruments, state: RouteState): void {
  const { counts, attributes } = state;
  const { decisions, weight, documents, shadowDrops, shadowComparisons, guardTrips, guardStatus, delegateFailures } =
    instruments;
  result.observe(documents, counts.applied, attributes.applied);
  result.observe(documents, counts.rejected, attributes.rejected);
  result.observe(delegateFailures, counts.delegateErrors, attributes.delegateError);
  result.observe(delegateFailures, counts.delegateUnknownModels, attributes.delegateUnknownModel);
  result.observe(delegateFailures, counts.delegateTimeouts, attributes.delegateTimeout);
  for (const slot of state.slots.values()) {
    result.observe(weight, slot.weight, slot.base);
    for (let i = 0; i < REASONS.length; i++) {
      if (slot.decisions[i]! > 0) result.observe(decisions, slot.decisions[i]!, slot.reasonAttributes[i]);
    }
    if (slot.gateReady > 0) result.observe(instruments.gateReady, slot.gateReady, slot.base);
    if (slot.guardListed) {
      for (let i = 0; i < TRIGGERS.length; i++) result.observe(guardTrips, slot.trips[i]!, slot.tripAttributes[i]);
      for (let i = 0; i < STATES.length; i++)
        result.observe(guardStatus, STATES[i] === slot.state ? 1 : 0, slot.stateAttributes[i]);
    }
    if (slot.shadowListed) {
      for (let i = 0; i < DROP_REASONS.length; i++) result.observe(shadowDrops, slot.drops[i]!, slot.dropAttributes[i]);
      for (let i = 0; i < COMPARISONS.length; i++)
        result.observe(shadowComparisons, slot.comparisons[i]!, slot.comparisonAttributes[i]);
    }
  }
  if (state.experiments.size > 0) observeExperiments(result, instruments, state.route, state.experiments);
  if (state.reviews.size > 0) observeReviews(result, instruments, state.route, state.reviews);
}
