/**
 * The codes of modelroute's warnings: something went wrong that no caller's call saw (the call was
 * answered anyway), so it is reported here instead.
 * - `MODELROUTE_DOCUMENT_REJECTED`: a document from the source was not applied and nobody listens to `rejected`.
 * - `MODELROUTE_LISTENER_FAILED`: an event listener threw; the router caught it.
 * - `MODELROUTE_IS_VALID_FAILED`: `isValid` returned a promise (it must answer synchronously); outputs count as valid until it does.
 * - `MODELROUTE_ON_TRIP_FAILED`: the `onTrip` hook threw or rejected; the guard took the variant out anyway.
 * - `MODELROUTE_SHADOW_FAILED`: shadow work (sampling, recording, closing) failed and was skipped.
 * - `MODELROUTE_SINK_WRITE_FAILED`: a shadow sink could not write; records are dropped and counted.
 * - `MODELROUTE_METER_FAILED`, `MODELROUTE_LATE_METER_PROVIDER`: telemetry problems (docs/telemetry.md).
 * - `MODELROUTE_INVALID_OUTCOME`: `router.track()` got an unknown metric or a bad value (counted, left out).
 * - `MODELROUTE_EXPOSURE_SINK_FAILED`: an exposure sink failed; exposures are dropped and counted.
 * - `MODELROUTE_EXPLAIN_FAILED`: the `explain` hook threw or rejected; those attributions are skipped.
 * - `MODELROUTE_MODEL_CLOSE_FAILED`: `router.close()` could not close a model (a `workerModel`'s pool).
 * - `MODELROUTE_MODEL_CLOSE_TIMEOUT`: a model's `close()` had not settled within `modelCloseTimeoutMs`; `router.close()` went on.
 * - `MODELROUTE_SOURCE_NOT_READY`: the source gave no first value within `readyTimeoutMs`; the fallback answers.
 * - `MODELROUTE_SOURCE_FAILED`: the source broke its contract (a throwing `unsubscribe`, a late rejection).
 * - `MODELROUTE_SOURCE_ABSENT`: the source has no document (a missing file), said once until that changes.
 * - `MODELROUTE_UNIT_OMITTED`: records leave the unit out: no secret key for its pseudonym.
 * - `MODELROUTE_METRICS_CLOSE_FAILED`: closing the router's metrics failed.
 */
export type ModelrouteWarningCode =
  | 'MODELROUTE_DOCUMENT_REJECTED'
  | 'MODELROUTE_LISTENER_FAILED'
  | 'MODELROUTE_IS_VALID_FAILED'
  | 'MODELROUTE_ON_TRIP_FAILED'
  | 'MODELROUTE_SHADOW_FAILED'
  | 'MODELROUTE_SINK_WRITE_FAILED'
  | 'MODELROUTE_METER_FAILED'
  | 'MODELROUTE_LATE_METER_PROVIDER'
  | 'MODELROUTE_INVALID_OUTCOME'
  | 'MODELROUTE_EXPOSURE_SINK_FAILED'
  | 'MODELROUTE_EXPLAIN_FAILED'
  | 'MODELROUTE_MODEL_CLOSE_FAILED'
  | 'MODELROUTE_MODEL_CLOSE_TIMEOUT'
  | 'MODELROUTE_SOURCE_NOT_READY'
  | 'MODELROUTE_SOURCE_FAILED'
  | 'MODELROUTE_SOURCE_ABSENT'
  | 'MODELROUTE_UNIT_OMITTED'
  | 'MODELROUTE_METRICS_CLOSE_FAILED';

/** A warning: a stable code and one line for people that says what happened and what to do. */
export interface ModelrouteWarning {
  readonly code: ModelrouteWarningCode;
  readonly message: string;
}

/** Where warnings go (`createRouter({ onWarning })`, `jsonLinesSink({ onWarning })`). */
export type WarningHandler = (warning: ModelrouteWarning) => void;

/** The default {@link WarningHandler}: `process.emitWarning(message, { type: 'ModelrouteWarning', code })`. */
export const processWarning: WarningHandler = ({ code, message }) => {
  process.emitWarning(message, { type: 'ModelrouteWarning', code });
};

/** Wraps a handler so that it never throws into modelroute's own code (a throwing handler is ignored). */
export function safeWarningHandler(handler: WarningHandler): WarningHandler {
  return (warning) => {
    try {
      handler(warning);
    } catch {
      // a warning about a failing warning handler would have nowhere to go
    }
  };
}
