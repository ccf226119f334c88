import { ModelrouteError } from '../errors/modelroute-error.js';
import type { ShadowScheduler } from './shadow-scheduler.js';
import type { ShadowSink } from './shadow-record.js';

/**
 * What a comparator returns: `'agree'`/`'disagree'` (or `true`/`false`), or a numeric difference,
 * which agrees when its absolute value is at most `tolerance`.
 */
export type ShadowVerdict = 'agree' | 'disagree' | boolean | number;

/** Which of the pair an output belongs to, for `project`. */
export type ShadowSide = 'primary' | 'shadow';

/**
 * Options of shadow traffic (the `shadow` option of `createRouter`). Which models are mirrored, and
 * how often, is the rollout document's `shadow` list; these options say how the router runs them.
 */
export interface ShadowOptions<I, O> {
  /**
   * Most shadow calls in flight in this router: queued, running, or abandoned at their timeout while the
   * model's promise is still pending (a hung model keeps its slots until its promises settle, so the
   * calls pending in shadow models never exceed this). More are dropped and counted
   * (`reason: 'capacity'`), never queued. Default 100.
   */
  maxInFlight?: number;
  /**
   * A shadow call still unanswered after this many milliseconds is abandoned and counted
   * (`outcome: 'timeout'`); its late answer is ignored, but its slot of `maxInFlight` is freed only when
   * the model's promise settles. Default 5000.
   */
  timeoutMs?: number;
  /** How long `router.close()` waits for shadow calls in flight, then for sinks to flush, in milliseconds each. Default 2000. */
  drainTimeoutMs?: number;
  /** Compares the caller's output with the shadow's. Default: deep equality (`util.isDeepStrictEqual`), agree or disagree. */
  compare?: (primary: O, shadow: O) => ShadowVerdict;
  /** A numeric difference agrees when `|difference| <= tolerance`. Default 0. */
  tolerance?: number;
  /** Where the pairs go. Default: none (comparisons are still counted in metrics). */
  sinks?: readonly ShadowSink[];
  /** What a record keeps of each output (say, the score without the explanation). Default: the output as it is. */
  project?: (output: O, side: ShadowSide) => unknown;
  /** What a record keeps of the input. Default: nothing (inputs often hold personal data). */
  recordInput?: (input: I) => unknown;
  /**
   * How a record holds the unit: `'hash'` (HMAC-SHA256 under a secret key, hex; without a key the unit is
   * left out, with one warning), `'raw'`, or `'omit'`. Default `'hash'`.
   */
  unit?: 'hash' | 'raw' | 'omit';
  /** Secret key of the unit pseudonym in shadow records. Default: the router's `pseudonymKey`, else `MODELROUTE_PSEUDONYM_KEY`, else none. */
  unitKey?: string;
  /** Random numbers in [0, 1) for per-call sampling. Default `Math.random`. */
  random?: () => number;
  /** Reads time for deadlines, defers shadow work and times it out. Default: `performance.now()`, `setImmediate` and an unref'd `setTimeout`. Tests pass `manualShadowScheduler(clock)`. */
  scheduler?: ShadowScheduler;
  /** Wall-clock milliseconds since the epoch, for a record's `time`. Default `Date.now`. */
  timestamp?: () => number;
}

/** Throws `invalid_options` for a malformed `shadow` option of `createRouter`. */
export function checkShadowOptions(options: unknown): void {
  if (options === undefined) return;
  const fail = (message: string): never => {
    throw new ModelrouteError('invalid_options', `createRouter: the shadow option: ${message}`);
  };
  if (options === null || typeof options !== 'object')
    fail('pass an object, for example { maxInFlight: 100, sinks: [jsonLinesSink(path)] }');
  const o = options as Record<string, unknown>;
  if (o.maxInFlight !== undefined && !(Number.isInteger(o.maxInFlight) && (o.maxInFlight as number) >= 1))
    fail(`maxInFlight must be an integer of at least 1, got ${String(o.maxInFlight)}`);
  if (o.timeoutMs !== undefined && !((o.timeoutMs as number) > 0))
    fail(`timeoutMs must be a positive number of milliseconds, got ${String(o.timeoutMs)}`);
  if (o.drainTimeoutMs !== undefined && !((o.drainTimeoutMs as number) >= 0))
    fail(`drainTimeoutMs must be a non-negative number of milliseconds, got ${String(o.drainTimeoutMs)}`);
  if (o.tolerance !== undefined && !((o.tolerance as number) >= 0))
    fail(`tolerance must be a non-negative number, got ${String(o.tolerance)}`);
  for (const key of ['compare', 'project', 'recordInput', 'random', 'timestamp'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'function') fail(`${key} must be a function, got ${typeof o[key]}`);
  }
  if (o.unit !== undefined && o.unit !== 'hash' && o.unit !== 'raw' && o.unit !== 'omit')
    fail(`unit must be "hash", "raw" or "omit", got ${JSON.stringify(o.unit)}`);
  if (o.unitKey !== undefined && typeof o.unitKey !== 'string')
    fail(`unitKey must be a string, got ${typeof o.unitKey}`);
  const scheduler = o.scheduler as Partial<ShadowScheduler> | undefined;
  if (
    scheduler !== undefined &&
    (typeof scheduler?.defer !== 'function' ||
      typeof scheduler?.timeout !== 'function' ||
      typeof scheduler?.now !== 'function')
  )
    fail('scheduler must have now(), defer(fn) and timeout(fn, ms) methods, like manualShadowScheduler(clock)');
  if (o.sinks !== undefined) {
    if (!Array.isArray(o.sinks)) fail('sinks must be an array of sinks, for example [jsonLinesSink("shadow.jsonl")]');
    (o.sinks as unknown[]).forEach((sink, i) => {
      if (typeof (sink as Partial<ShadowSink> | null)?.write !== 'function')
        fail(`sinks[${i}] must be a sink with a write(record) method`);
    });
  }
}
