import { loadHasher } from '../assignment/hasher.js';
import { systemClock } from '../clock/clock.js';
import { ModelrouteError } from '../errors/modelroute-error.js';
import { idProblem } from '../rollout/ids.js';
import { resolvePseudonymKey } from '../vocabulary/unit-pseudonym.js';
import { checkShadowOptions } from '../shadow/shadow-options.js';
import { checkExperimentOptions } from '../experiment/experiment-options.js';
import { defaultIsValid, safeIsValid, type RouterOptions } from './options.js';
import type { Router } from './router.js';
import { RouterCore } from './router-core.js';
import { START } from './router-control.js';
import { createRouterMetrics } from '../telemetry/create-router-metrics.js';
import { loadOtelApi } from '../telemetry/otel-api.js';
import { processWarning, safeWarningHandler } from '../vocabulary/warning.js';
import { indexRegistry } from '../vocabulary/model-metadata.js';

function checkOptions<I, O>(options: RouterOptions<I, O>): void {
  const fail = (message: string): never => {
    throw new ModelrouteError('invalid_options', `createRouter: ${message}`);
  };
  if (options === null || typeof options !== 'object')
    fail('pass an options object: createRouter({ route, models, source, fallback })');
  if (typeof options.route !== 'string' || options.route === '' || options.route === '__proto__')
    fail(
      `\`route\` must be a non-empty string naming the route in the rollout document (and not "__proto__", which JavaScript objects drop), got ${JSON.stringify(options.route)}`,
    );
  if (options.models === null || typeof options.models !== 'object' || Object.keys(options.models).length === 0) {
    fail('`models` must be an object of model id to function, with at least one model');
  }
  for (const [id, model] of Object.entries(options.models)) {
    const problem = idProblem(id);
    if (problem !== undefined) fail(`the model id ${JSON.stringify(id)} ${problem.replace(/^"__proto__" /, '')}`);
    if (typeof model !== 'function') fail(`models["${id}"] must be a function (input) => output, got ${typeof model}`);
  }
  if (typeof options.fallback !== 'string' || !Object.hasOwn(options.models, options.fallback)) {
    fail(
      `\`fallback\` must name one of the models (${Object.keys(options.models).join(', ')}), got ${JSON.stringify(options.fallback)}`,
    );
  }
  if (!options.source || typeof options.source.subscribe !== 'function') {
    fail(
      '`source` must be a rollout source: fileSource(path), staticSource(doc), memorySource(), or a LaunchDarkly/OpenFeature source',
    );
  }
  if (options.isValid !== undefined && typeof options.isValid !== 'function')
    fail('`isValid` must be a function (output) => boolean');
  if (options.meterProvider !== undefined && typeof options.meterProvider?.getMeter !== 'function')
    fail(
      '`meterProvider` must be an OpenTelemetry MeterProvider (with getMeter()), e.g. new MeterProvider({ readers }) from @opentelemetry/sdk-metrics',
    );
  if (options.onTrip !== undefined && typeof options.onTrip !== 'function')
    fail('`onTrip` must be a function (event) => void, called when the guard trips a variant');
  if (options.guardTimer !== undefined && typeof options.guardTimer?.timeout !== 'function')
    fail('`guardTimer` must have timeout(fn, ms) returning a cancel function');
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function')
    fail('`onWarning` must be a function (warning) => void, called with { code, message }');
  const ready = options.readyTimeoutMs;
  if (ready !== undefined && !(typeof ready === 'number' && ready >= 0 && ready <= MAX_TIMER_MS))
    fail(
      `\`readyTimeoutMs\` must be a number of milliseconds from 0 to ${MAX_TIMER_MS} (about 24.8 days, the longest timer Node keeps), got ${String(ready)}`,
    );
  if (options.pseudonymKey !== undefined && (typeof options.pseudonymKey !== 'string' || options.pseudonymKey === ''))
    fail('`pseudonymKey` must be a non-empty string: a secret for unit pseudonyms in records');
  const delegateMs = options.delegateTimeoutMs;
  if (delegateMs !== undefined && !(typeof delegateMs === 'number' && delegateMs >= 1 && delegateMs <= MAX_TIMER_MS))
    fail(`\`delegateTimeoutMs\` must be a number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${String(delegateMs)}`);
  const closeMs = options.modelCloseTimeoutMs;
  if (closeMs !== undefined && !(typeof closeMs === 'number' && closeMs >= 1 && closeMs <= MAX_TIMER_MS))
    fail(`\`modelCloseTimeoutMs\` must be a number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${String(closeMs)}`);
  const maxBytes = options.maxDocumentBytes;
  if (maxBytes !== undefined && !(Number.isInteger(maxBytes) && maxBytes > 0))
    fail(`\`maxDocumentBytes\` must be a positive integer number of bytes, got ${String(maxBytes)}`);
  checkShadowOptions(options.shadow);
  checkExperimentOptions(options.experiment);
}

/**
 * Creates a router for one route and waits (up to `readyTimeoutMs`) for the source's first document.
 * If none arrives in time, or it is invalid, the router answers with `fallback` until a good one does.
 * Throws a `ModelrouteError`: `invalid_options` for mistakes in the options, `source_failed` for a source
 * that breaks its contract (its `subscribe` throws or returns no subscription, or its `ready` rejects).
 */
export async function createRouter<I, O, M extends string = string>(
  options: RouterOptions<I, O, M>,
): Promise<Router<I, O, M>> {
  checkOptions(options as RouterOptions<I, O>);
  const registry = indexRegistry(options.registry);
  const onWarning = safeWarningHandler(options.onWarning ?? processWarning);
  // Without a meterProvider the router watches the global one, which lives in @opentelemetry/api.
  if (options.meterProvider === undefined) await loadOtelApi();
  const router = new RouterCore<I, O>({
    route: options.route,
    models: { ...options.models },
    source: options.source,
    fallback: options.fallback,
    isValid:
      options.isValid === undefined
        ? (defaultIsValid as (output: O) => boolean)
        : safeIsValid(options.isValid, onWarning),
    clock: options.clock ?? systemClock,
    hash: await loadHasher(),
    shadow: options.shadow,
    onTrip: options.onTrip,
    guardTimer: options.guardTimer,
    delegateTimeoutMs: options.delegateTimeoutMs,
    modelCloseTimeoutMs: options.modelCloseTimeoutMs,
    maxDocumentBytes: options.maxDocumentBytes,
    pseudonymKey: resolvePseudonymKey(options.pseudonymKey),
    onWarning,
    experiment: options.experiment,
    review: { reviewValue: options.reviewValue, explain: options.explain },
    registry,
    metrics: createRouterMetrics({
      route: options.route,
      models: Object.keys(options.models),
      fallback: options.fallback,
      meterProvider: options.meterProvider,
      warn: onWarning,
    }),
  });
  const readyTimeoutMs = options.readyTimeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const ready = router[START]();
    // Not unref'd: `await createRouter(...)` in a bare script keeps the process alive until the source is
    // ready or readyTimeoutMs has passed.
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), readyTimeoutMs)));
    if (await Promise.race([ready.then(() => false), timedOut])) {
      ready.catch(() => undefined); // a late rejection is the source's business now, not the caller's
      onWarning({
        code: 'MODELROUTE_SOURCE_NOT_READY',
        message: `modelroute: route "${options.route}": source "${options.source.name}" delivered no first value within readyTimeoutMs (${readyTimeoutMs} ms); answering with the fallback "${options.fallback}" until it does`,
      });
    }
  } catch (error) {
    await router.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  // Model ids are plain strings inside; the caller's `M` is what it passed in `models`.
  return router as unknown as Router<I, O, M>;
}

/** The longest delay `setTimeout` honours (2^31 - 1 ms); a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;
