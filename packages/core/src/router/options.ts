import type { MeterProvider } from '@opentelemetry/api';
import type { Clock } from '../clock/clock.js';
import type { RolloutSource } from '../sources/source.js';

/** A model: any function from input to output, sync or async. */
export type Model<I, O> = (input: I) => O | Promise<O>;

/** Options of {@link createRouter}. */
export interface RouterOptions<I, O> {
  /** The route this router serves: its key in the rollout document's `routes`. Required. */
  route: string;
  /** Every model the route may use, by id. The rollout document can name only these. Required. */
  models: Readonly<Record<string, Model<I, O>>>;
  /** Where rollout documents come from: `fileSource`, `staticSource`, `memorySource`, LaunchDarkly, OpenFeature. Required. */
  source: RolloutSource;
  /** The model that answers while no valid rollout document is known, so a control-plane outage never fails a call. Required. */
  fallback: string;
  /** Which outputs count as invalid predictions for the guard. Default: null, undefined and NaN are invalid. */
  isValid?: (output: O) => boolean;
  /** OpenTelemetry meter provider. Default: the global provider, taken when the router is created. */
  meterProvider?: MeterProvider;
  /** Time source for latencies, windows and cool-downs. Default: `performance.now()`. */
  clock?: Clock;
  /** How long `createRouter` waits for the source's first value, in ms, before starting on the fallback. Default 5000. */
  readyTimeoutMs?: number;
}

/** Options of one call. */
export interface CallOptions {
  /** The unit of assignment (user id, account id, session id): the same unit gets the same variant. Without it the call is assigned at random. */
  unit?: string;
  /** Caller attributes for delegate mode (a flag service's targeting rules). Never recorded in telemetry. */
  attributes?: Readonly<Record<string, unknown>>;
}

/** The default `isValid`: null, undefined and NaN are invalid predictions. */
export const defaultIsValid = (output: unknown): boolean =>
  output !== null && output !== undefined && !(typeof output === 'number' && Number.isNaN(output));
