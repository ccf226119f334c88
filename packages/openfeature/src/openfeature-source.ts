import { lazySource, type RolloutSource, type SourceUpdate } from '@modelroute/core/source-kit';
import { PROVIDER_CONFIGURATION_CHANGED, PROVIDER_ERROR, PROVIDER_READY } from './client.js';
import { documentUpdate } from './flag-update.js';
import { checkOptions, type OpenFeatureSourceOptions } from './options.js';

// Statuses in which a provider evaluates flags (a stale provider serves its cached values).
const EVALUATING = new Set(['READY', 'STALE']);

/**
 * A rollout source backed by a flag of any OpenFeature provider, through an OpenFeature server client.
 *
 * - Document mode (default): an object flag holds one route's rollout document. It is evaluated with a
 *   fixed context when the provider is ready and on every `PROVIDER_CONFIGURATION_CHANGED` event that
 *   names it (or names no flags), never per call. The router validates each value: one that does not
 *   validate is rejected (event and metric) and the last good document stays.
 * - Delegate mode (`mode: 'delegate'`): a string flag whose variants are model ids, evaluated on every call
 *   with a context from the call's unit and attributes, so the provider's targeting picks the variant
 *   (`reason: 'delegate'`); modelroute still does shadow, guard, failover and metrics from `route`.
 *
 * Initialization never hangs: after `initTimeoutMs` the router answers with its fallback until the flag
 * arrives. `close()` removes the source's handlers; it does not close the client or the provider.
 */
export function openFeatureSource(options: OpenFeatureSourceOptions): RolloutSource {
  const o = checkOptions(options);
  const { client, flagKey } = o;
  const name = `openfeature:${flagKey}`;
  let hadValue = false;
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;
  const evaluating = (): boolean => client.providerStatus === undefined || EVALUATING.has(client.providerStatus);

  // Document mode: one evaluation per change. Evaluations may overlap; only the latest is delivered.
  const evaluate = async (): Promise<void> => {
    const mine = ++generation;
    let update: SourceUpdate;
    try {
      update = documentUpdate(await client.getObjectDetails(flagKey, null, o.context), flagKey, name, hadValue);
    } catch (error) {
      update = {
        type: 'invalid',
        reason: `evaluating OpenFeature flag "${flagKey}" failed: ${(error as Error)?.message ?? String(error)}`,
        cause: error,
        origin: name,
      };
    }
    if (mine !== generation || lazy.closed) return;
    clearTimeout(timer);
    if (update.type === 'route') hadValue = true;
    lazy.deliver(update);
    lazy.settleReady();
  };

  const onReady = (): void => {
    if (lazy.closed) return;
    if (o.mode === 'document') void evaluate();
    else {
      clearTimeout(timer);
      lazy.settleReady();
    }
  };
  const onChanged = (details?: { flagsChanged?: readonly string[] }): void => {
    if (lazy.closed || o.mode !== 'document') return;
    if (details?.flagsChanged === undefined || details.flagsChanged.includes(flagKey)) void evaluate();
  };
  // A provider error before the first value: start on the fallback now rather than at the time limit.
  const onError = (): void => {
    if (lazy.closed || lazy.latest !== undefined || o.mode !== 'document') {
      lazy.settleReady();
      return;
    }
    clearTimeout(timer);
    lazy.deliver({
      type: 'absent',
      reason: `the OpenFeature provider reported an error before flag "${flagKey}" could be read; the router answers with its fallback until it arrives`,
      origin: name,
    });
    lazy.settleReady();
  };
  const onTimeout = (): void => {
    if (o.mode === 'document' && lazy.latest === undefined) {
      // A ready provider whose evaluation has not answered (a remote provider behind a dead network) is not
      // the same trouble as a provider still initializing: say which.
      const ready = client.providerStatus === 'READY';
      lazy.deliver({
        type: 'absent',
        reason: ready
          ? `the OpenFeature provider is ready, but evaluating flag "${flagKey}" has not answered within ${o.initTimeoutMs} ms; the router answers with its fallback until it does`
          : `the OpenFeature provider is not ready after ${o.initTimeoutMs} ms; the router answers with its fallback until flag "${flagKey}" arrives`,
        origin: name,
      });
    }
    lazy.settleReady();
  };

  const lazy = lazySource({
    name,
    delegate:
      o.mode === 'delegate'
        ? {
            assign(unit, attributes) {
              if (lazy.closed || !evaluating()) return undefined;
              const context = o.contextFor(unit, attributes);
              return context === undefined ? undefined : client.getStringValue(flagKey, '', context); // '' is "no answer"
            },
          }
        : undefined,
    start() {
      if (o.mode === 'delegate' && o.route !== undefined) lazy.deliver({ type: 'route', route: o.route, origin: name });
      timer = setTimeout(onTimeout, o.initTimeoutMs);
      timer.unref();
      client.addHandler(PROVIDER_READY, onReady);
      client.addHandler(PROVIDER_ERROR, onError);
      client.addHandler(PROVIDER_CONFIGURATION_CHANGED, onChanged);
      // The SDK runs a PROVIDER_READY handler at once when the provider is ready already; a client without
      // `providerStatus` may not, so evaluate now (an extra evaluation only yields an unchanged document).
      if (client.providerStatus === undefined) onReady();
    },
    stop() {
      clearTimeout(timer);
      client.removeHandler(PROVIDER_READY, onReady);
      client.removeHandler(PROVIDER_ERROR, onError);
      client.removeHandler(PROVIDER_CONFIGURATION_CHANGED, onChanged);
    },
  });
  return lazy.source;
}
