import type { MeterProvider } from '@opentelemetry/api';
import type { Clock } from '../clock/clock.js';
import type { RolloutSource } from '../sources/source.js';
import type { GuardTimer } from '../guard/call-with-timeout.js';
import type { TripHook } from '../guard/notify-trip.js';
import type { ShadowOptions } from '../shadow/shadow-options.js';
import type { Model } from '../vocabulary/model.js';
import type { ModelrouteWarningCode, WarningHandler } from '../vocabulary/warning.js';
import { isThenable } from '../vocabulary/is-thenable.js';
import type { ExperimentOptions } from '../experiment/experiment-options.js';
import type { ModelMetadata } from '../vocabulary/model-metadata.js';

/**
 * Options of {@link createRouter}. `M` is the union of model ids, inferred from `models`: `fallback`,
 * `router.reset(...)` and `decision.variant` are typed with it.
 */
export interface RouterOptions<I, O, M extends string = string> {
  /** The route this router serves: its key in the rollout document's `routes`. Required. */
  route: string;
  /** Every model the route may use, by id. The rollout document can name only these. Required. */
  models: Readonly<Record<M, Model<I, O>>>;
  /** Where rollout documents come from: `fileSource`, `staticSource`, `memorySource`, LaunchDarkly, OpenFeature. Required. */
  source: RolloutSource;
  /** The model that answers while no valid rollout document is known, so a control-plane outage never fails a call. Required. */
  fallback: NoInfer<M>;
  /** Which outputs count as invalid predictions for the guard. Default: null, undefined and NaN are invalid. An output it throws on counts as invalid. */
  isValid?: (output: O) => boolean;
  /**
   * OpenTelemetry meter provider for the router's instruments (see docs/telemetry.md). Default: the
   * global provider. Register your SDK before `createRouter()`: a router created earlier picks the SDK up
   * on its first call, then checks every 1024 calls and on each document, and warns about calls it missed.
   * A no-op provider turns telemetry off entirely.
   */
  meterProvider?: MeterProvider;
  /** Time source for latencies, windows and cool-downs. Default: `performance.now()`. */
  clock?: Clock;
  /**
   * How long `createRouter` waits for the source's first value, in ms, before starting on the fallback
   * (with a `MODELROUTE_SOURCE_NOT_READY` warning). The wait keeps the process alive. From 0 to 2147483647
   * (Node's longest timer); anything else is an `invalid_options` error. Default 5000.
   */
  readyTimeoutMs?: number;
  /**
   * Called when the guard trips a variant (after the `trip` event), for a fleet-wide rollback: write
   * the control plane (`rollbackFile` from @modelroute/cli, a flag update), page someone. The router has
   * already taken the variant out locally. It runs deferred (`setImmediate`, after the tripping call's
   * caller has resumed), so even its synchronous part holds up no call. A throw or rejection becomes a
   * warning, never the caller's error. Default: none. See docs/guard.md.
   */
  onTrip?: TripHook;
  /** Schedules the guard's failover timeouts (`guard.timeoutMs`) and the delegate's. Default: an unref'd `setTimeout`. Tests pass a manual one. */
  guardTimer?: GuardTimer;
  /**
   * Delegate mode (a source with a per-call `delegate`, e.g. a flag SDK's targeting): how long a call waits
   * for the delegate's answer, in ms. A delegate that has not answered by then (a remote evaluation behind a
   * dead network, a hung persistent store) is a `delegateFailed` event with failure `timeout`, and the
   * document's decision answers the call. From 1 to 2147483647; anything else is an `invalid_options`
   * error. Default 100.
   */
  delegateTimeoutMs?: number;
  /**
   * How long `router.close()` waits for each model's own `close()` (a `workerModel`'s pool), in ms. A close that
   * has not settled by then is a `MODELROUTE_MODEL_CLOSE_TIMEOUT` warning, and `router.close()` resolves
   * without it. From 1 to 2147483647; anything else is an `invalid_options` error. Default 10000.
   */
  modelCloseTimeoutMs?: number;
  /**
   * Secret key of unit pseudonyms (HMAC-SHA256) in every record that carries a unit (shadow pairs,
   * exposures). Keep it secret and stable: with it, records of one unit join across processes, and nobody
   * without it can test a guessed id. Default: the `MODELROUTE_PSEUDONYM_KEY` environment variable; without
   * either, records leave the unit out (one `MODELROUTE_UNIT_OMITTED` warning says so).
   */
  pseudonymKey?: string;
  /**
   * The largest rollout document the router applies, in bytes: JSON text by its UTF-8 size, a document
   * given as a value by the size of this route's JSON. A larger one is rejected (the router keeps what it
   * has and emits `rejected`) before it is parsed, so it cannot stall calls. Default 1048576 (1 MiB, the
   * most a Kubernetes ConfigMap holds; `DEFAULT_MAX_DOCUMENT_BYTES`).
   */
  maxDocumentBytes?: number;
  /**
   * How shadow traffic runs: bounds, timeout, comparator, sinks, record projection. Which models are
   * mirrored, and what fraction, is the rollout document's `shadow` list. Default: at most 100 shadow
   * calls in flight, a 5000 ms timeout, deep-equality comparison, no sink (comparisons go to metrics only).
   * See docs/shadow.md.
   */
  shadow?: ShadowOptions<I, O>;
  /**
   * Where the router's warnings go: what went wrong that no call saw (a rejected document nobody listens
   * for, a listener or `onTrip` hook that threw, failing shadow work or telemetry), each with a stable
   * `code` (see {@link ModelrouteWarningCode}). Default: `process.emitWarning(message, { type:
   * 'ModelrouteWarning', code })`. A handler that throws is ignored.
   */
  onWarning?: WarningHandler;
  /**
   * How the router keeps experiment exposures and outcomes: exposure table size, attribution window,
   * versions kept, exposure sinks. Which metrics exist is the rollout document's `experiment`. Default: a
   * table of 100000 units, a 24 h window, 8 versions, no sink. See docs/experiments.md.
   */
  experiment?: ExperimentOptions;
  /**
   * Projects a model's output to the number or label that review signals compare (prediction shift), e.g.
   * `(y) => y.score`. An output projected to anything but a finite number, a string or a boolean is skipped
   * and counted. Default: the output itself. See docs/review.md.
   */
  reviewValue?: (output: O) => unknown;
  /**
   * Per-feature attributions of a prediction (SHAP values, gradients), for the attribution-shift review:
   * called on the document's `review.attributionShift.fraction` of calls after the caller's continuation,
   * never awaited, at most 8 at once; a throw or rejection is counted and warned about once. Default: none
   * (no attribution shift). See docs/review.md.
   */
  explain?: (input: I, output: O) => Readonly<Record<string, number>> | Promise<Readonly<Record<string, number>>>;
  /**
   * Model registry entries (`{ id, version, artifactUri, sha256, owner, ... }`): the events about models
   * carry the matching entry (`trip` and `recovered` as `model` and `targetModel`, `gateReady` as `model`
   * and `championModel`, `applied` as `models` for every model the document names), and
   * `router.modelInfo(id)` looks one up. Read once here (copied and frozen, nested fields too); core reads no
   * file: pass `(await loadRegistry(path))?.models` from @modelroute/cli, or entries from your own registry.
   * An entry without a string `id`, an id twice, or an entry that is not plain data (a function in it) is an
   * `invalid_options` error. Default: none (events carry no entry).
   */
  registry?: readonly ModelMetadata[];
}

/** Options of one call. */
export interface CallOptions {
  /** The unit of assignment (user id, account id, session id): the same unit gets the same variant. Without it the call is assigned at random. */
  unit?: string;
  /** Caller attributes for delegate mode (a flag service's targeting rules). Never recorded in telemetry. */
  attributes?: Readonly<Record<string, unknown>>;
}

/**
 * Wraps a caller's `isValid` so that it cannot throw into `predict()`: an output it throws on counts as
 * invalid (for `isValid: (y) => Number.isFinite(y.score)`, a null output is invalid, not a TypeError).
 * An `isValid` that returns a promise (an `async` function from JavaScript) cannot answer in time: its
 * outputs count as valid, its rejections are caught, and `warn` says so once.
 */
export function safeIsValid<O>(isValid: (output: O) => boolean, warn: WarningHandler): (output: O) => boolean {
  let warned = false;
  return (output) => {
    let valid: unknown;
    try {
      valid = isValid(output);
    } catch {
      return false;
    }
    if (!isThenable(valid)) return Boolean(valid);
    valid.then(undefined, () => undefined);
    if (!warned) {
      warned = true;
      warn({
        code: 'MODELROUTE_IS_VALID_FAILED',
        message:
          'modelroute: isValid returned a promise; it must answer synchronously with true or false. Until it does, outputs are not judged by it (all count as valid)',
      });
    }
    return true;
  };
}

/** The default `isValid`: null, undefined and NaN are invalid predictions. */
export const defaultIsValid = (output: unknown): boolean =>
  output !== null && output !== undefined && !(typeof output === 'number' && Number.isNaN(output));
