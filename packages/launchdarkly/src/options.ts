import { ModelrouteError, type RouteDocument } from '@modelroute/core';
import type { LaunchDarklyClient, LaunchDarklyContext } from './client.js';

/** Builds the LaunchDarkly context of one call (delegate mode); `undefined` means: do not ask LaunchDarkly. */
export type ContextFor = (
  unit: string | undefined,
  attributes: Readonly<Record<string, unknown>> | undefined,
) => LaunchDarklyContext | undefined;

/** Options of {@link launchDarklySource}. */
export interface LaunchDarklySourceOptions {
  /**
   * Your application's LaunchDarkly client: `init(sdkKey, options)` of `@launchdarkly/node-server-sdk` v9,
   * or of `launchdarkly-node-server-sdk` v7. modelroute never closes it. Required.
   */
  client: LaunchDarklyClient;
  /** The flag's key. Required. */
  flagKey: string;
  /**
   * `document` (default): a JSON flag whose value is the route's rollout document, evaluated once per
   * flag change with the fixed `context`; no flag evaluation per call.
   * `delegate`: a string flag whose variations are model ids, evaluated on every call with the context
   * from `contextFor`, so LaunchDarkly's targeting and percentage rollout pick the variant.
   */
  mode?: 'document' | 'delegate';
  /** Document mode: the context the flag is evaluated with. Default `{ kind: 'service', key: 'modelroute' }`. */
  context?: LaunchDarklyContext;
  /**
   * Delegate mode: builds each call's context from its unit and attributes. Default:
   * `{ ...attributes, kind: contextKind, key: unit }`, and for a call without a unit no evaluation at all
   * (LaunchDarkly's percentage rollout needs a key), so it follows the route document's weights.
   */
  contextFor?: ContextFor;
  /** Delegate mode: the context kind of the default `contextFor`. Default `'user'`. */
  contextKind?: string;
  /**
   * Delegate mode: the route document that supplies the champion, guard, shadow, overrides, and the weights
   * that answer calls LaunchDarkly does not (no unit, flag missing, client not ready). Default: none; the
   * router's `fallback` model is then the champion and answers those calls.
   */
  route?: RouteDocument;
  /**
   * How long to wait for the client's flag data, in ms, before the source reports that it has none yet
   * (the router then answers with its fallback until the flag arrives). Default 5000.
   */
  initTimeoutMs?: number;
}

/** Throws `invalid_options` for a mistake in the options; returns them with defaults filled in. */
export function checkOptions(
  options: LaunchDarklySourceOptions,
): Required<Omit<LaunchDarklySourceOptions, 'route'>> & { route: RouteDocument | undefined } {
  const fail = (message: string): never => {
    throw new ModelrouteError('invalid_options', `launchDarklySource: ${message}`);
  };
  if (options === null || typeof options !== 'object')
    fail('pass an options object: launchDarklySource({ client, flagKey })');
  const { client } = options;
  if (!client || typeof client !== 'object')
    fail(
      '`client` must be your LaunchDarkly client (init(sdkKey, options) of @launchdarkly/node-server-sdk or launchdarkly-node-server-sdk)',
    );
  for (const method of ['variation', 'variationDetail', 'initialized', 'on', 'off'] as const) {
    if (typeof client[method] !== 'function')
      fail(`\`client\` has no ${method}() method; pass a LaunchDarkly server-side client (SDK v7 or later)`);
  }
  if (typeof options.flagKey !== 'string' || options.flagKey === '')
    fail('`flagKey` must be the non-empty key of a LaunchDarkly flag');
  const mode = options.mode ?? 'document';
  if (mode !== 'document' && mode !== 'delegate')
    fail(`\`mode\` must be "document" or "delegate", got ${JSON.stringify(options.mode)}`);
  if (options.route !== undefined && mode !== 'delegate') {
    fail('`route` is for delegate mode only; in document mode the flag itself holds the route document');
  }
  if (options.contextFor !== undefined && typeof options.contextFor !== 'function')
    fail('`contextFor` must be a function (unit, attributes) => context | undefined');
  if (options.context !== undefined && (options.context === null || typeof options.context !== 'object'))
    fail('`context` must be a LaunchDarkly context object, like { kind: "service", key: "modelroute" }');
  if (options.contextKind !== undefined && (typeof options.contextKind !== 'string' || options.contextKind === ''))
    fail('`contextKind` must be a non-empty string, like "user"');
  const initTimeoutMs = options.initTimeoutMs ?? 5000;
  if (!(initTimeoutMs >= 0)) fail(`\`initTimeoutMs\` must be a non-negative number, got ${options.initTimeoutMs}`);
  const contextKind = options.contextKind ?? 'user';
  return {
    client,
    flagKey: options.flagKey,
    mode,
    context: options.context ?? { kind: 'service', key: 'modelroute' },
    contextKind,
    contextFor:
      options.contextFor ??
      ((unit, attributes) => (unit === undefined ? undefined : { ...attributes, kind: contextKind, key: unit })),
    route: options.route,
    initTimeoutMs,
  };
}
