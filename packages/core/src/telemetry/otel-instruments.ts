import type {
  Histogram,
  Meter,
  MeterProvider,
  Observable,
  ObservableCounter,
  ObservableGauge,
  ValueType,
} from '@opentelemetry/api';
import { loadedOtelApi } from './otel-api.js';
import { DIFFERENCE_BUCKETS, DURATION_BUCKETS_S, INSTRUMENTS, METER_NAME, type InstrumentSpec } from './instruments.js';

/** The instruments of one router, taken from one meter. */
export interface OtelInstruments {
  readonly meter: Meter;
  readonly duration: Histogram;
  readonly difference: Histogram;
  readonly decisions: ObservableCounter;
  readonly weight: ObservableGauge;
  readonly documents: ObservableCounter;
  readonly shadowDrops: ObservableCounter;
  readonly shadowComparisons: ObservableCounter;
  readonly guardTrips: ObservableCounter;
  readonly guardStatus: ObservableGauge;
  readonly delegateFailures: ObservableCounter;
  readonly gateReady: ObservableCounter;
  readonly experimentExposures: ObservableCounter;
  readonly experimentFailovers: ObservableCounter;
  readonly experimentOutcomes: ObservableCounter;
  readonly experimentValues: ObservableCounter;
  readonly experimentSquares: ObservableCounter;
  readonly experimentUnattributed: ObservableCounter;
  readonly reviewSignals: ObservableCounter;
  readonly reviewOutputs: ObservableCounter;
  /** Every observable above, for one batch callback. */
  readonly observables: readonly Observable[];
}

let noopHistogramClass: unknown;

// ValueType's members, without loading @opentelemetry/api for two numbers (see otel-api.ts).
const INT = 0 as ValueType.INT;
const DOUBLE = 1 as ValueType.DOUBLE;

/**
 * True when `histogram` records nothing: the API's no-op instrument, which is what every meter of the
 * no-op provider (the global one before an SDK registers) returns. Then the router skips all the work.
 */
export function isNoopHistogram(histogram: Histogram): boolean {
  noopHistogramClass ??= loadedOtelApi()?.createNoopMeter().createHistogram('modelroute.noop_probe').constructor;
  // The name check covers a second copy of @opentelemetry/api in the application, and a provider passed
  // to createRouter before the API was loaded here.
  // Before the API is loaded there is no class to compare with: an instrument without a constructor (a
  // null-prototype object) must not match that `undefined`.
  const made = histogram.constructor;
  return (made !== undefined && made === noopHistogramClass) || made?.name === 'NoopHistogramMetric';
}

/** The meter modelroute takes from a provider. */
export function modelrouteMeter(provider: MeterProvider): Meter {
  return provider.getMeter(METER_NAME);
}

/** Creates the duration histogram first (to tell a no-op meter cheaply), then the rest. */
export function createDurationHistogram(meter: Meter): Histogram {
  const spec = INSTRUMENTS.predictionDuration;
  return meter.createHistogram(spec.name, {
    description: spec.description,
    unit: spec.unit,
    valueType: DOUBLE,
    advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_S] },
  });
}

/** Creates every instrument of a router on `meter`, reusing the duration histogram already made. */
export function createInstruments(meter: Meter, duration: Histogram): OtelInstruments {
  const counter = (spec: InstrumentSpec): ObservableCounter =>
    meter.createObservableCounter(spec.name, {
      description: spec.description,
      unit: spec.unit,
      valueType: spec.valueType === 'double' ? DOUBLE : INT,
    });
  const gauge = (spec: { name: string; unit: string; description: string }): ObservableGauge =>
    meter.createObservableGauge(spec.name, {
      description: spec.description,
      unit: spec.unit,
      valueType: DOUBLE,
    });
  const d = INSTRUMENTS.shadowDifference;
  const instruments = {
    meter,
    duration,
    difference: meter.createHistogram(d.name, {
      description: d.description,
      unit: d.unit,
      advice: { explicitBucketBoundaries: [...DIFFERENCE_BUCKETS] },
    }),
    decisions: counter(INSTRUMENTS.decisions),
    weight: gauge(INSTRUMENTS.variantWeight),
    documents: counter(INSTRUMENTS.documents),
    shadowDrops: counter(INSTRUMENTS.shadowDrops),
    shadowComparisons: counter(INSTRUMENTS.shadowComparisons),
    guardTrips: counter(INSTRUMENTS.guardTrips),
    guardStatus: gauge(INSTRUMENTS.guardStatus),
    delegateFailures: counter(INSTRUMENTS.delegateFailures),
    gateReady: counter(INSTRUMENTS.gateReady),
    experimentExposures: counter(INSTRUMENTS.experimentExposures),
    experimentFailovers: counter(INSTRUMENTS.experimentFailovers),
    experimentOutcomes: counter(INSTRUMENTS.experimentOutcomes),
    experimentValues: counter(INSTRUMENTS.experimentValues),
    experimentSquares: counter(INSTRUMENTS.experimentSquares),
    experimentUnattributed: counter(INSTRUMENTS.experimentUnattributed),
    reviewSignals: counter(INSTRUMENTS.reviewSignals),
    reviewOutputs: counter(INSTRUMENTS.reviewOutputs),
  };
  const { decisions, weight, documents, shadowDrops, shadowComparisons, guardTrips, guardStatus, delegateFailures } =
    instruments;
  return {
    ...instruments,
    observables: [
      decisions,
      weight,
      documents,
      shadowDrops,
      shadowComparisons,
      guardTrips,
      guardStatus,
      delegateFailures,
      instruments.experimentExposures,
      instruments.experimentFailovers,
      instruments.experimentOutcomes,
      instruments.experimentValues,
      instruments.experimentSquares,
      instruments.experimentUnattributed,
      instruments.reviewSignals,
      instruments.reviewOutputs,
      instruments.gateReady,
    ],
  };
}
