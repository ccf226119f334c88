/**
 * The part of an OpenFeature server-side client (`OpenFeature.getClient()` of `@openfeature/server-sdk`)
 * that modelroute uses. Parameters are typed loosely on purpose, so that the SDK's own enums, context and
 * value types are accepted as they are.
 */
export interface OpenFeatureClient {
  /** Evaluates an object flag and says why (document mode). */
  getObjectDetails(flagKey: string, defaultValue: null, context?: unknown): Promise<OpenFeatureEvaluationDetails>;
  /** Evaluates a string flag (delegate mode); resolves to `defaultValue` when it cannot. */
  getStringValue(flagKey: string, defaultValue: string, context?: unknown): Promise<string>;
  /** Listens for provider events: modelroute uses `PROVIDER_READY`, `PROVIDER_ERROR` and `PROVIDER_CONFIGURATION_CHANGED`. */
  addHandler(eventType: unknown, handler: (details?: any) => unknown): void;
  /** Stops listening, used by `close()`. */
  removeHandler(eventType: unknown, handler: (details?: any) => unknown): void;
  /** `NOT_READY`, `READY`, `ERROR`, `STALE` or `FATAL`, when the SDK reports it (server SDK 1.x does). */
  readonly providerStatus?: string;
}

/** What `getObjectDetails` resolves to. */
export interface OpenFeatureEvaluationDetails {
  readonly value: unknown;
  readonly variant?: string;
  readonly reason?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** An OpenFeature evaluation context: `{ targetingKey, ...attributes }`. */
export type OpenFeatureContext = Readonly<Record<string, unknown>>;

/** OpenFeature's provider event names (`ProviderEvents` of the SDK), as the strings they are. */
export const PROVIDER_READY = 'PROVIDER_READY';
export const PROVIDER_ERROR = 'PROVIDER_ERROR';
export const PROVIDER_CONFIGURATION_CHANGED = 'PROVIDER_CONFIGURATION_CHANGED';
