import { ModelrouteError } from '../errors/modelroute-error.js';
import type { ExposureSink } from '../vocabulary/exposure-record.js';

/**
 * Options of experiments (the `experiment` option of `createRouter`). Which metrics an experiment has is
 * the rollout document's `experiment`; these options say how the router keeps exposures and outcomes.
 */
export interface ExperimentOptions {
  /** Most units the exposure table remembers; when full, the unit that entered first is forgotten (its later outcomes are unattributed). Default 100000. */
  maxUnits?: number;
  /** An outcome counts only within this many ms of the unit's latest exposure, unless the metric sets its own `attributionWindowMs`. Default 86400000 (24 h). */
  attributionWindowMs?: number;
  /** Document versions whose summaries are kept (the one in force and the latest before it), for outcomes that arrive after a change. Default 8. */
  keepVersions?: number;
  /** What `track()` does with an unknown metric or a bad value: `'count'` (count it, warn once, return the reason) or `'throw'` (a `ModelrouteError` `invalid_outcome`, for tests). Default `'count'`. */
  onInvalidOutcome?: 'count' | 'throw';
  /** Where first exposures go (`{ time, route, unit, variant, version }`), for joins in a warehouse. Default: none. */
  sinks?: readonly ExposureSink[];
  /**
   * How an exposure record holds the unit: `'hash'` (HMAC-SHA256 under a secret key, hex; without a key the
   * unit is left out, with one warning), `'raw'`, or `'omit'`. Default `'hash'`.
   */
  unit?: 'hash' | 'raw' | 'omit';
  /** Secret key of the unit pseudonym in exposure records. Default: the router's `pseudonymKey`, else `MODELROUTE_PSEUDONYM_KEY`, else none. */
  unitKey?: string;
  /** Wall-clock milliseconds since the epoch, for a record's `time`. Default `Date.now`. */
  timestamp?: () => number;
}

/** Throws `invalid_options` for a malformed `experiment` option of `createRouter`. */
export function checkExperimentOptions(options: unknown): void {
  if (options === undefined) return;
  const fail = (message: string): never => {
    throw new ModelrouteError('invalid_options', `createRouter: the experiment option: ${message}`);
  };
  if (options === null || typeof options !== 'object')
    fail('pass an object, for example { maxUnits: 100000, attributionWindowMs: 86400000 }');
  const o = options as Record<string, unknown>;
  for (const key of ['maxUnits', 'keepVersions'] as const)
    if (o[key] !== undefined && !(Number.isInteger(o[key]) && (o[key] as number) >= 1))
      fail(`${key} must be an integer of at least 1, got ${String(o[key])}`);
  if (o.attributionWindowMs !== undefined && !((o.attributionWindowMs as number) > 0))
    fail(`attributionWindowMs must be a positive number of milliseconds, got ${String(o.attributionWindowMs)}`);
  if (o.onInvalidOutcome !== undefined && o.onInvalidOutcome !== 'count' && o.onInvalidOutcome !== 'throw')
    fail(`onInvalidOutcome must be "count" or "throw", got ${JSON.stringify(o.onInvalidOutcome)}`);
  if (o.unit !== undefined && o.unit !== 'hash' && o.unit !== 'raw' && o.unit !== 'omit')
    fail(`unit must be "hash", "raw" or "omit", got ${JSON.stringify(o.unit)}`);
  if (o.unitKey !== undefined && typeof o.unitKey !== 'string')
    fail(`unitKey must be a string, got ${typeof o.unitKey}`);
  if (o.timestamp !== undefined && typeof o.timestamp !== 'function')
    fail(`timestamp must be a function, got ${typeof o.timestamp}`);
  if (o.sinks !== undefined) {
    if (!Array.isArray(o.sinks))
      fail('sinks must be an array of sinks, for example [jsonLinesSink("exposures.jsonl")]');
    (o.sinks as unknown[]).forEach((sink, i) => {
      if (typeof (sink as { write?: unknown } | null)?.write !== 'function')
        fail(`sinks[${i}] must be a sink with a write(record) method`);
    });
  }
}
