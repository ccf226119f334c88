import { lazySource, type RolloutSource, type SourceUpdate } from '@modelroute/core/source-kit';
import { documentUpdate } from './flag-update.js';
import { checkOptions, type LaunchDarklySourceOptions } from './options.js';
import { whenInitialized } from './when-initialized.js';

/**
 * A rollout source backed by a LaunchDarkly flag, on the LaunchDarkly client your application already has
 * (SDK v9 `@launchdarkly/node-server-sdk` or v7 `launchdarkly-node-server-sdk`).
 *
 * - Document mode (default): a JSON flag holds one route's rollout document; its variations are the
 *   stages an operator switches between. The flag is evaluated with a fixed service context when the
 *   client is ready and on every `update:<flagKey>` event, never per call. The router validates each
 *   value: one that does not validate is rejected (event and metric) and the last good document stays.
 * - Delegate mode (`mode: 'delegate'`): a string flag whose variations are model ids, evaluated on every
 *   call with a context built from the call's unit and attributes, so LaunchDarkly's targeting and
 *   percentage rollout pick the variant (`reason: 'delegate'`); modelroute still does shadow, guard,
 *   failover and metrics, from the optional `route` document.
 *
 * Initialization never hangs: after `initTimeoutMs` the source reports that it has nothing yet, the
 * router answers with its fallback, and the flag applies as soon as the client has it.
 * `close()` stops listening to the client; it does not close the client, which is yours.
 */
export function launchDarklySource(options: LaunchDarklySourceOptions): RolloutSource {
  const o = checkOptions(options);
  const { client, flagKey } = o;
  const name = `launchdarkly:${flagKey}`;
  const updateEvent = `update:${flagKey}`;
  let hadValue = false;
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopWaiting: (() => void) | undefined;

  // Document mode: one evaluation per change. Evaluations may overlap; only the latest is delivered.
  const evaluate = async (): Promise<void> => {
    const mine = ++generation;
    let update: SourceUpdate;
    try {
      const detail = await client.variationDetail(flagKey, o.context, null);
      update = documentUpdate(detail, flagKey, name, hadValue);
    } catch (error) {
      update = {
        type: 'invalid',
        reason: `evaluating LaunchDarkly flag "${flagKey}" failed: ${(error as Error)?.message ?? String(error)}`,
        cause: error,
        origin: name,
      };
    }
    if (mine !== generation) return;
    if (update.type === 'route') hadValue = true;
    lazy.deliver(update);
    lazy.settleReady();
  };

  // Ignored until the client has data (an evaluation would only say "not ready"); read from the client
  // itself, so that a client that recovers after a `failed` event is followed too.
  const onFlagUpdate = (): void => {
    if (!lazy.closed && client.initialized()) void evaluate();
  };

  const onReady = (): void => {
    clearTimeout(timer);
    if (o.mode === 'document') void evaluate();
    else lazy.settleReady();
  };

  const onFailed = (error: unknown): void => {
    clearTimeout(timer);
    if (o.mode === 'document') {
      lazy.deliver({
        type: 'invalid',
        reason: `the LaunchDarkly client failed to initialize (${(error as Error)?.message ?? String(error)}); check the SDK key; the router keeps its fallback`,
        cause: error,
        origin: name,
      });
    }
    lazy.settleReady();
  };

  const onTimeout = (): void => {
    if (o.mode === 'document' && lazy.latest === undefined) {
      lazy.deliver({
        type: 'absent',
        reason: `the LaunchDarkly client has no flag data after ${o.initTimeoutMs} ms; the router answers with its fallback until flag "${flagKey}" arrives`,
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
              // Before the client has data, every evaluation would log a warning and serve the default.
              if (lazy.closed || !client.initialized()) return undefined;
              const context = o.contextFor(unit, attributes);
              return context === undefined
                ? undefined
                : (client.variation(flagKey, context, undefined) as Promise<string | null | undefined>);
            },
          }
        : undefined,
    start() {
      if (o.mode === 'document') client.on(updateEvent, onFlagUpdate);
      else if (o.route !== undefined) lazy.deliver({ type: 'route', route: o.route, origin: name });
      timer = setTimeout(onTimeout, o.initTimeoutMs);
      timer.unref();
      stopWaiting = whenInitialized(client, onReady, onFailed);
    },
    stop() {
      clearTimeout(timer);
      stopWaiting?.();
      client.off(updateEvent, onFlagUpdate);
    },
  });
  return lazy.source;
}
