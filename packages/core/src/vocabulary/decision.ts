/**
 * Why a call went where it went.
 * - `weighted`: sticky assignment by the document's weights.
 * - `random`: the call had no unit, so it was assigned at random by the weights, for this call only.
 * - `override`: the unit is pinned in the document's `overrides`.
 * - `guard`: the assigned variant is tripped, so the champion (or `rollbackTo`) answers.
 * - `delegate`: the control plane chose the variant for this call (LaunchDarkly targeting, say).
 * - `fallback`: no valid document is known yet, so the router's `fallback` model answers.
 */
export type DecisionReason = 'weighted' | 'random' | 'override' | 'guard' | 'delegate' | 'fallback';

/**
 * Which model answers a call, and why. No model is called to make one. `M` is the union of the router's
 * model ids (inferred by `createRouter` from `models`).
 */
export interface Decision<M extends string = string> {
  /** The route this router serves. */
  readonly route: string;
  /** The model that answers. */
  readonly variant: M;
  /** Why that model. */
  readonly reason: DecisionReason;
  /** The variant the weights (or override, or delegate) picked before the guard redirected; equals `variant` otherwise. */
  readonly assigned: M;
  /** The champion of the document in force (the fallback model when there is none). */
  readonly champion: M;
  /** True when the same unit gets the same variant on every call while the document stands. */
  readonly sticky: boolean;
  /** The normalized traffic shares in force (they sum to 1); empty under fallback. */
  readonly shares: Readonly<Record<string, number>>;
  /** The version of the route document in force; undefined under fallback. */
  readonly configVersion: string | undefined;
}
