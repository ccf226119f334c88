import { ModelrouteError, type RouteDocument } from '@modelroute/core';
import type { OpenFeatureClient, OpenFeatureContext } from './client.js';

/** Builds the evaluation context of one call (delegate mode); `undefined` means: do not ask the provider. */
export type ContextFor = (
  unit: string | undefined,
  attributes: Readonly<Record<string, unknown>> | undefined,
) => OpenFeatureContext | undefined;

/** Options of {@link openFeatureSource}. */
export interface OpenFeatureSourceOptions {
  /** An OpenFeature client: `OpenFeature.getClient()` of `@openfeature/server-sdk`, after `setProvider(...)`. Required. */
  client: OpenFeatureClient;
  /** The flag's key. Required. */
  flagKey: string;
  /**
   * `document` (default): an object flag whose value is the route's rollout document, evaluated when the
   * provider is ready and on every `PROVIDER_CONFIGURATION_CHANGED` that names it; never per call.
   * `delegate`: a string flag whose variants are model ids, evaluated on every call with the context from
   * `contextFor`, so the provider's targeting picks the variant.
   */
  mode?: 'document' | 'delegate';
  /** Document mode: the evaluation context. Default `{ targetingKey: 'modelroute' }`. */
  context?: OpenFeatureContext;
  /**
   * Delegate mode: builds each call's context. Default `{ ...attributes, targetingKey: unit }`, and for a
   * call without a unit no evaluation at all, so it follows the route document's weights.
   */
  contextFor?: ContextFor;
  /**
   * Delegate mode: the route document that supplies the champion, guard, shadow, overrides, and the weights
   * that answer calls the provider does not (no unit, flag missing, provider not ready). Default: none;
   * the router's `fallback` model is then the champion and answers those calls.
   */
  route?: RouteDocument;
  /**
   * How long to wait for the provider to be ready, in ms, before the source reports that it has nothing
   * yet (the router answers with its fallback until the flag arrives). Default 5000.
   */
  initTimeoutMs?: number;
}

export type CheckedOptions = Required<Omit<OpenFeatureSourceOptions, 'route'>> & { route: RouteDocument | undefined };

/** Throws `invalid_options` for a mistake in the options; returns them with defaults filled in. */
export function checkOptions(options: OpenFeatureSourceOptions): CheckedOptions {
  const fail = (message: string): never => {
    throw new ModelrouteError('invalid_options', `openFeatureSource: ${message}`);
  };
  if (options === null || typeof options !== 'object')
    fail('pass an options object: openFeatureSource({ client, flagKey })');
  const { client } = options;
  if (!client || typeof client !== 'object')
    fail('`client` must be an OpenFeature client: OpenFeature.getClient() of @openfeature/server-sdk');
  for (const method of ['getObjectDetails', 'getStringValue', 'addHandler', 'removeHandler'] as const) {
    if (typeof client[method] !== 'function')
      fail(`\`client\` has no ${method}() method; pass an OpenFeature server-side client (OpenFeature.getClient())`);
  }
  if (typeof options.flagKey !== 'string' || options.flagKey === '')
    fail('`flagKey` must be the non-empty key of a flag');
  const mode = options.mode ?? 'document';
  if (mode !== 'document' && mode !== 'delegate')
    fail(`\`mode\` must be "document" or "delegate", got ${JSON.stringify(options.mode)}`);
  if (options.route !== undefined && mode !== 'delegate')
    fail('`route` is for delegate mode only; in document mode the flag itself holds the route document');
  if (options.contextFor !== undefined && typeof options.contextFor !== 'function')
    fail('`contextFor` must be a function (unit, attributes) => context | undefined');
  if (options.context !== undefined && (options.context === null || typeof options.context !== 'object'))
    fail('`context` must be an evaluation context object, like { targetingKey: "modelroute" }');
  const initTimeoutMs = options.initTimeoutMs ?? 5000;
  if (!(initTimeoutMs >= 0)) fail(`\`initTimeoutMs\` must be a non-negative number, got ${options.initTimeoutMs}`);
  return {
    client,
    flagKey: options.flagKey,
    mode,
    context: options.context ?? { targetingKey: 'modelroute' },
    contextFor:
      options.contextFor ??
      ((unit, attributes) => (unit === undefined ? undefined : { ...attributes, targetingKey: unit })),
    route: options.route,
    initTimeoutMs,
  };
}
