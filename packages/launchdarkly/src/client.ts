/**
 * The part of a LaunchDarkly server-side client that modelroute uses: both `@launchdarkly/node-server-sdk`
 * v9 (`LDClient`) and `launchdarkly-node-server-sdk` v7 (`LDClient`) fit it as they are. Parameters are
 * typed loosely on purpose, so that either SDK's own context and value types are accepted.
 */
export interface LaunchDarklyClient {
  /** Evaluates a flag for a context; resolves to `defaultValue` when it cannot. */
  variation(key: string, context: unknown, defaultValue: unknown): Promise<unknown>;
  /** Evaluates a flag and says why (used in document mode, to tell a missing flag from a bad value). */
  variationDetail(key: string, context: unknown, defaultValue: unknown): Promise<LaunchDarklyEvaluationDetail>;
  /** True once the client has its flag data. */
  initialized(): boolean;
  /** Node's EventEmitter `on`: modelroute listens for `ready`, `failed` and `update:<flagKey>`. */
  on(event: string, listener: (...args: any[]) => void): unknown;
  /** Node's EventEmitter `off`, used by `close()`. */
  off(event: string, listener: (...args: any[]) => void): unknown;
}

/** What `variationDetail` resolves to, in both SDK versions. */
export interface LaunchDarklyEvaluationDetail {
  readonly value: unknown;
  readonly variationIndex?: number | null;
  readonly reason?: { readonly kind?: string; readonly errorKind?: string } | null;
}

/**
 * A LaunchDarkly evaluation context, as both SDK versions take it: `{ kind, key, ...attributes }`, a
 * multi-kind context `{ kind: 'multi', user: {...}, org: {...} }`, or (v7) a legacy user `{ key }`.
 */
export type LaunchDarklyContext = Readonly<Record<string, unknown>>;
