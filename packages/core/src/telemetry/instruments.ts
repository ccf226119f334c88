/**
 * Every OpenTelemetry name modelroute uses, in one place: instruments (name, kind, unit, description)
 * and attribute keys and values. The instrument table in docs/telemetry.md mirrors this file; a test
 * checks that they agree.
 *
 * Names follow OpenTelemetry's naming guidance: a `modelroute.` prefix, UCUM units (`s`, `1`,
 * `{decision}`), no `_total` or unit in the name. Attributes that describe the routing decision use
 * the `feature_flag.*` semantic conventions (the route is the flag, the model is the variant).
 */

/** The instrumentation scope (meter) name. */
export const METER_NAME = '@modelroute/core';

/** Attribute keys. Values are bounded by the router's models and the enums below; never a unit id, input or output. */
export const ATTR = {
  /** The route (semconv: the flag's lookup key). */
  route: 'feature_flag.key',
  /** The model: the variant that answered, the shadow model, or the failover champion (semconv: the evaluated variant). */
  variant: 'feature_flag.result.variant',
  /** Why the call went to that variant: weighted, random, override, guard, delegate, fallback (semconv key; values are modelroute's). */
  reason: 'feature_flag.result.reason',
  /** primary, shadow or failover. */
  role: 'modelroute.prediction.role',
  /** ok, error, invalid or timeout. */
  outcome: 'modelroute.prediction.outcome',
  /** applied or rejected. */
  documentResult: 'modelroute.document.result',
  /** capacity, timeout, sink or closed. */
  shadowDropReason: 'modelroute.shadow.drop_reason',
  /** agree, disagree or error. */
  shadowComparison: 'modelroute.shadow.comparison',
  /** error_rate, p99_latency or invalid_rate. */
  guardTrigger: 'modelroute.guard.trigger',
  /** closed, open or half_open. */
  guardState: 'modelroute.guard.state',
  /** error, unknown_model or timeout. */
  delegateFailure: 'modelroute.delegate.failure',
  /** The controller's action: advance, hold, rollback, complete or wait; promote for the gate's auto promotion. */
  controllerAction: 'modelroute.controller.action',
  /** The same decision in Argo Rollouts' words: successful, failed, inconclusive or running. */
  controllerOutcome: 'modelroute.controller.outcome',
  /** The rollout document version of an experiment's counts (bounded by the versions a router keeps; semconv). */
  version: 'feature_flag.version',
  /** An experiment metric's name, from the rollout document. */
  metric: 'modelroute.experiment.metric',
  /** positive or negative: which part of the sum of an experiment metric's values. */
  sign: 'modelroute.experiment.sign',
  /** unexposed, expired, unknown_metric, invalid_value or no_experiment. */
  unattributedReason: 'modelroute.experiment.reason',
  /** prediction_shift, metric_regression or attribution_shift. */
  reviewTrigger: 'modelroute.review.trigger',
  /** An output bin's index, 0 to the number of bins - 1 (bins are the document's edges or top labels; never an output). */
  reviewBin: 'modelroute.review.bin',
} as const;

/**
 * Histogram bucket boundaries for model latencies, in seconds: 0.1 ms to 10 s, about three per decade
 * (1, 2.5, 5), so a p99 read back from the histogram is within one bucket of the truth.
 */
export const DURATION_BUCKETS_S: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Bucket boundaries for the absolute difference between a shadow's output and the primary's. */
export const DIFFERENCE_BUCKETS: readonly number[] = [0, 0.0001, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 100];

/** One instrument: how it is created and documented. */
export interface InstrumentSpec {
  readonly name: string;
  readonly kind: 'histogram' | 'counter' | 'observable_counter' | 'observable_gauge';
  /** Whole counts (default) or sums of any value. */
  readonly valueType?: 'double';
  readonly unit: string;
  readonly description: string;
  /** The attribute keys every data point carries. */
  readonly attributes: readonly string[];
}

const routeVariant = [ATTR.route, ATTR.variant] as const;
const routeVariantVersion = [ATTR.route, ATTR.variant, ATTR.version] as const;
const routeVariantVersionMetric = [...routeVariantVersion, ATTR.metric] as const;

/** The instruments, created once per router (the meter returns the same ones to every router of a provider). */
export const INSTRUMENTS = {
  predictionDuration: {
    name: 'modelroute.prediction.duration',
    kind: 'histogram',
    unit: 's',
    description:
      'Duration of model calls made by the router, by role (primary, shadow, failover) and outcome (ok, error, invalid, timeout).',
    attributes: [...routeVariant, ATTR.role, ATTR.outcome],
  },
  decisions: {
    name: 'modelroute.decisions',
    kind: 'observable_counter',
    unit: '{decision}',
    description:
      'Calls routed, by the variant chosen and the reason (weighted, random, override, guard, delegate, fallback).',
    attributes: [...routeVariant, ATTR.reason],
  },
  variantWeight: {
    name: 'modelroute.variant.weight',
    kind: 'observable_gauge',
    unit: '1',
    description:
      'Share of traffic (0 to 1) each model gets under the rollout document in force; the fallback model gets 1 while there is none.',
    attributes: routeVariant,
  },
  documents: {
    name: 'modelroute.documents',
    kind: 'observable_counter',
    unit: '{document}',
    description: 'Rollout documents received for the route, by result (applied, rejected).',
    attributes: [ATTR.route, ATTR.documentResult],
  },
  shadowDrops: {
    name: 'modelroute.shadow.drops',
    kind: 'observable_counter',
    unit: '{call}',
    description: 'Shadow calls not made or not completed, by reason (capacity, timeout, sink, closed).',
    attributes: [...routeVariant, ATTR.shadowDropReason],
  },
  shadowComparisons: {
    name: 'modelroute.shadow.comparisons',
    kind: 'observable_counter',
    unit: '{comparison}',
    description: "Shadow outputs compared with the primary's, by result (agree, disagree, error).",
    attributes: [...routeVariant, ATTR.shadowComparison],
  },
  shadowDifference: {
    name: 'modelroute.shadow.difference',
    kind: 'histogram',
    unit: '1',
    description:
      "Absolute difference between a shadow's output and the primary's, when the comparator returns a number.",
    attributes: routeVariant,
  },
  guardTrips: {
    name: 'modelroute.guard.trips',
    kind: 'observable_counter',
    unit: '{trip}',
    description: 'Times the guard took a variant out of traffic, by trigger (error_rate, p99_latency, invalid_rate).',
    attributes: [...routeVariant, ATTR.guardTrigger],
  },
  guardStatus: {
    name: 'modelroute.guard.status',
    kind: 'observable_gauge',
    unit: '1',
    description: "The guard's state per variant: 1 for the current state (closed, open, half_open), 0 for the others.",
    attributes: [...routeVariant, ATTR.guardState],
  },
  gateReady: {
    name: 'modelroute.gate.ready',
    kind: 'observable_counter',
    unit: '{event}',
    description:
      'Times the promotion gate opened for a challenger (once per document version and challenger): it beat the champion over the rolling window.',
    attributes: routeVariant,
  },
  delegateFailures: {
    name: 'modelroute.delegate.failures',
    kind: 'observable_counter',
    unit: '{call}',
    description:
      "Calls whose delegate (a flag service's per-call choice) threw, named an unknown model or did not answer in time, by failure (error, unknown_model, timeout); the document's decision answered them.",
    attributes: [ATTR.route, ATTR.delegateFailure],
  },
  experimentExposures: {
    name: 'modelroute.experiment.exposures',
    kind: 'observable_counter',
    unit: '{unit}',
    description:
      "Units exposed to an experiment's variant under a document version (first exposure per unit and version, by assigned variant).",
    attributes: routeVariantVersion,
  },
  experimentFailovers: {
    name: 'modelroute.experiment.failovers',
    kind: 'observable_counter',
    unit: '{call}',
    description:
      'Calls of exposed units that another model answered (guard redirect or failover), by the assigned variant.',
    attributes: routeVariantVersion,
  },
  experimentOutcomes: {
    name: 'modelroute.experiment.outcomes',
    kind: 'observable_counter',
    unit: '{outcome}',
    description: 'Outcomes attributed to a variant, by metric: the n of its summary.',
    attributes: routeVariantVersionMetric,
  },
  experimentValues: {
    name: 'modelroute.experiment.values',
    kind: 'observable_counter',
    unit: '{value}',
    valueType: 'double',
    description:
      'Sum of the attributed outcome values, its positive and negative parts apart (each monotonic): sum = positive - negative.',
    attributes: [...routeVariantVersionMetric, ATTR.sign],
  },
  experimentSquares: {
    name: 'modelroute.experiment.squares',
    kind: 'observable_counter',
    unit: '{value}',
    valueType: 'double',
    description: 'Sum of the squares of the attributed outcome values (with n and the sum: the variance).',
    attributes: routeVariantVersionMetric,
  },
  experimentUnattributed: {
    name: 'modelroute.experiment.unattributed',
    kind: 'observable_counter',
    unit: '{outcome}',
    description:
      'Outcomes given to track() that no summary took, by reason (unexposed, expired, unknown_metric, invalid_value, no_experiment).',
    attributes: [ATTR.route, ATTR.unattributedReason],
  },
  reviewSignals: {
    name: 'modelroute.review.signals',
    kind: 'observable_counter',
    unit: '{signal}',
    description:
      'Review signals (soft triggers) raised for a candidate, by trigger (prediction_shift, metric_regression, attribution_shift). They never move traffic.',
    attributes: [...routeVariant, ATTR.reviewTrigger],
  },
  reviewOutputs: {
    name: 'modelroute.review.outputs',
    kind: 'observable_counter',
    unit: '{prediction}',
    description:
      "Valid primary outputs per variant and output bin under the document version in force, for prediction shift (PSI) across a fleet: sum by bin across instances (give the document's bins).",
    attributes: [...routeVariant, ATTR.version, ATTR.reviewBin],
  },
  controllerDecisions: {
    name: 'modelroute.controller.decisions',
    kind: 'counter',
    unit: '{decision}',
    description:
      "Decisions of a staged rollout's controller (rolloutController, modelroute controller), by action and Argo-style outcome.",
    attributes: [ATTR.route, ATTR.controllerAction, ATTR.controllerOutcome],
  },
} as const satisfies Record<string, InstrumentSpec>;
