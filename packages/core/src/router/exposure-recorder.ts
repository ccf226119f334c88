import type { ExperimentOptions } from '../experiment/experiment-options.js';
import type { FirstExposure } from '../experiment/experiment-tracker.js';
import { SinkSet } from '../shadow/sink-set.js';
import { PSEUDONYM_KEY_ENV, unitRecorder } from '../vocabulary/unit-pseudonym.js';
import type { ExposureRecord } from '../vocabulary/exposure-record.js';
import type { ModelrouteWarningCode } from '../vocabulary/warning.js';

/** The exposure sinks of a router: what the experiment calls on a first exposure, and how they close. */
export interface ExposureRecorder {
  /** Undefined without sinks, so that the call path does not even build a record. */
  readonly record: FirstExposure | undefined;
  close(): Promise<void>;
}

/**
 * Writes first exposures to `options.sinks` as `{ time, route, unit, variant, version }`, with the shadow
 * sinks' machinery (bounded sinks, drops counted, one warning per kind of failure) and the unit under the
 * rule of every record with a unit (`unitRecorder`): a pseudonym under the secret `pseudonymKey` (or
 * `experiment.unitKey`), else left out, with one warning.
 */
export function exposureRecorder(
  route: string,
  options: ExperimentOptions | undefined,
  warn: (message: string, code?: ModelrouteWarningCode) => void,
  pseudonymKey?: string,
): ExposureRecorder {
  const warned = new Set<string>();
  const warnOnce = (key: string, message: string): void => {
    if (warned.has(key)) return;
    warned.add(key);
    warn(message);
  };
  const sinks = new SinkSet<ExposureRecord>(
    [...(options?.sinks ?? [])],
    // The exposure counts and the analysis keep them; only the sink's copy is missing.
    () => warnOnce('dropped', 'an exposure sink dropped records (full or failing); the counts still have them'),
    warnOnce,
    'exposure',
  );
  const unitPolicy = options?.unit ?? 'hash';
  const key = options?.unitKey ?? pseudonymKey;
  const recordUnit = unitRecorder(unitPolicy, key);
  if (unitPolicy === 'hash' && key === undefined && sinks.any)
    warn(
      `exposure records leave the unit out: there is no secret key for its pseudonym (set createRouter({ pseudonymKey }) or the ${PSEUDONYM_KEY_ENV} environment variable; experiment.unit: 'omit' says you want it out)`,
      'MODELROUTE_UNIT_OMITTED',
    );
  const timestamp = options?.timestamp ?? Date.now;
  const record: FirstExposure = (unit, variant, version) =>
    sinks.write(variant, () => ({
      time: new Date(timestamp()).toISOString(),
      route,
      unit: recordUnit(unit),
      variant,
      version,
    }));
  return { record: sinks.any ? record : undefined, close: () => sinks.close() };
}
