/**
 * What a source delivers. Sources do not validate: the router validates every value the same way,
 * whatever its origin, and keeps the last good document when one fails.
 *
 * - `document`: a whole rollout document (`{ routes: { ... } }`), as a value or as JSON text.
 * - `route`: the document of one route (what a feature flag holds), applied to the subscriber's route.
 * - `invalid`: the source could not read a value (a torn write, a flag of the wrong type); keep the last good.
 * - `absent`: the source knows there is nothing yet (a missing file); the router stays on what it has.
 */
export type SourceUpdate =
  | { type: 'document'; document: unknown; origin?: string }
  | { type: 'route'; route: unknown; origin?: string }
  | { type: 'invalid'; reason: string; cause?: unknown; origin?: string }
  | { type: 'absent'; reason: string; origin?: string };

/** Receives a source's updates. It never throws back into the source. */
export type SourceListener = (update: SourceUpdate) => void;

/** What a subscription gives back: when the first value is known, and how to stop. */
export interface SourceSubscription {
  /** Settles once the source has delivered its first update, or knows it has none yet. Never rejects. */
  readonly ready: Promise<void>;
  /** Stops delivering to this listener. */
  unsubscribe(): void;
}

/**
 * Per-call assignment owned by the control plane (LaunchDarkly's targeting and percentage rollout, say).
 * When a source has one and it answers, its answer is the variant, with reason `delegate`; the route
 * document (if any) still supplies overrides (which win), champion, guard and shadow.
 * If it throws, rejects, or names a model the router does not have, the call is not failed: the
 * document's decision answers it (or the router's fallback) and the router emits `delegateFailed`.
 * It is awaited on every call, so keep it to an in-memory evaluation (no network round trip).
 */
export interface DelegateAssigner {
  /** The model id for this call, or `undefined`, `null` or `''` (no answer) to follow the document's weights. */
  assign(
    unit: string | undefined,
    attributes: Readonly<Record<string, unknown>> | undefined,
  ): Promise<string | null | undefined> | string | null | undefined;
}

/**
 * The one interface every control plane implements: static, file, in-memory, LaunchDarkly, OpenFeature.
 *
 * A source may serve many routers (one file, many routes): each router subscribes once. A source
 * delivers the latest value to a new subscriber at once (or as soon as it has one), then every change.
 * It must never throw into the router and never block it: reading, parsing and network work happen
 * off the call path, and `subscribe` returns at once.
 */
export interface RolloutSource {
  /** Names the source in events and errors, e.g. `file:/etc/rollout.json`. */
  readonly name: string;
  /** Starts delivering updates to `listener`. */
  subscribe(listener: SourceListener): SourceSubscription;
  /** Optional per-call assignment (delegate mode). */
  readonly delegate?: DelegateAssigner;
  /** Releases watchers, timers and connections. Idempotent. */
  close(): Promise<void>;
}
