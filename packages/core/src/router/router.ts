import type { GuardVariantStatus } from '../guard/guard-events.js';
import type { RouteDocument } from '../rollout/schema.js';
import type { Decision } from '../vocabulary/decision.js';
import type { RouterEvents } from './events.js';
import type { CallOptions } from './options.js';
import type { Analysis } from '../experiment/analysis.js';
import type { TrackOptions, TrackResult } from '../experiment/experiment-tracker.js';
import type { VersionSummary } from '../experiment/version-summary.js';
import type { ReviewSignal } from '../vocabulary/review-signal.js';
import type { GateStatus } from '../gate/evaluate-gate.js';
import type { ModelMetadata } from '../vocabulary/model-metadata.js';

/** A prediction with the decision behind it. */
export interface DetailedResult<O, M extends string = string> {
  readonly output: O;
  readonly decision: Decision<M>;
  /** The model call's duration in milliseconds, on the router's clock. */
  readonly durationMs: number;
}

/**
 * Routes each call of one route to a model version. Create it with `createRouter`, which infers `M`,
 * the union of its model ids, from `models`.
 *
 * The call path reads the snapshot of the document in force (no I/O), decides, calls the model,
 * times it, checks validity and records; documents are compiled off the call path when they arrive.
 */
export interface Router<I, O, M extends string = string> {
  /** The route this router serves. */
  readonly route: string;
  /** The route document in force, or undefined while the router is on its fallback. */
  readonly document: RouteDocument | undefined;
  /** The version of the route document in force, or undefined while on the fallback. */
  readonly configVersion: string | undefined;
  /**
   * Which model would answer a call for `unit`, and why. Calls no model and records nothing.
   * Without a unit the answer is random for that call (`reason: 'random'`).
   * In delegate mode (a source with a `delegate`, such as LaunchDarkly's `mode: 'delegate'`) this is
   * synchronous and asks no flag service: it reports the document's decision, which is what a call gets
   * when the delegate does not answer; `predictDetailed` reports the delegate's choice (`reason: 'delegate'`).
   */
  decide(unit?: string): Decision<M>;
  /** Calls the model chosen for this call and returns its output. Errors are your model's own. */
  predict(input: I, options?: CallOptions): Promise<O>;
  /** Like {@link Router.predict}, and also returns the decision and the model's duration. */
  predictDetailed(input: I, options?: CallOptions): Promise<DetailedResult<O, M>>;
  /**
   * Puts a variant that the guard took out back into traffic, with an empty window (manual recovery).
   * Returns false when it was not out. Throws `unknown_model` for a name that is not one of the models.
   */
  reset(variant: M): boolean;
  /**
   * The registry entry of a model id (from `createRouter`'s `registry`), or undefined. A map lookup, no
   * allocation: cheap enough to enrich your own per-call logs with `router.modelInfo(decision.variant)`.
   */
  modelInfo(id: string): ModelMetadata | undefined;
  /** The guard's state and window figures per variant; empty when the document in force has no `guard`. */
  guardStatus(): GuardVariantStatus[];
  /**
   * Records an outcome of the experiment (the document's `experiment.metrics`): `value` of `metric` goes
   * to the variant and document version that `unit` was exposed to (its latest exposure, within the
   * metric's attribution window), even if the weights changed since; or, with `{ decision }` from
   * `predictDetailed`, to that decision's variant and version without a lookup. Proportions take 0 or 1,
   * means a finite number of magnitude at most 1e100. Returns `'attributed'` or why not; an unknown unit is `'unexposed'`, never
   * guessed, and so is the decision of an override, a delegate or a call without a unit (no exposure). Bad input is counted and warned about once, and throws only with
   * `experiment.onInvalidOutcome: 'throw'`. See docs/experiments.md.
   */
  track(metric: string, value: number, options: TrackOptions): TrackResult;
  /**
   * The live analysis of the experiment of the document in force (or of a recent `version`): SRM, and per
   * metric every variant against the champion, computed with @modelroute/stats. Undefined when the
   * document has no `experiment`. Splits of different versions are never pooled. See docs/experiments.md.
   */
  analysis(version?: string): Analysis | undefined;
  /**
   * The review signals (soft triggers: prediction shift, metric regression, attribution shift) raised under
   * the document in force, oldest first; empty without a `review` section. They never move traffic. See
   * docs/review.md.
   */
  reviews(): ReviewSignal[];
  /**
   * The counts behind {@link Router.analysis} (exposures and per metric × variant summaries) of the document
   * in force or a recent `version`: merge the summaries of several routers of one version exactly with
   * `merge`, and analyse the result with `analyzeExperiment(summary.figures())`. Undefined without an experiment.
   */
  experimentSummary(version?: string): VersionSummary | undefined;
  /**
   * The promotion gate's verdict now, over its rolling window (concurrent traffic only): ready or not,
   * why, and the evidence. Undefined unless the document in force has an `experiment` and a `gate`. See
   * docs/champion-challenger.md.
   */
  gateStatus(): GateStatus | undefined;
  /**
   * Stops following the source and drains shadow work, then flushes its sinks and ends the models that
   * carry a `close()` (a `workerModel`'s pool). In-flight calls finish; later calls throw `router_closed`. Idempotent.
   */
  close(): Promise<void>;
  /** Listens to an event (see {@link RouterEvents}). A listener's throw is caught and becomes a warning. */
  on<E extends keyof RouterEvents>(event: E, listener: RouterEvents[E]): this;
  /** Stops listening; without `listener`, removes every listener of `event`. */
  off<E extends keyof RouterEvents>(event: E, listener?: RouterEvents[E]): this;
  /** Listens to the next `event` only. */
  once<E extends keyof RouterEvents>(event: E, listener: RouterEvents[E]): this;
}
