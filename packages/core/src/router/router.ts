import { EventEmitter } from 'eventemitter3';
import type { Hash32 } from '../assignment/hasher.js';
import type { Clock } from '../clock/clock.js';
import { ModelrouteError, isModelrouteError } from '../errors/modelroute-error.js';
import { callWithTimeout, defaultGuardTimer, type GuardTimer } from '../guard/call-with-timeout.js';
import type { GuardVariantStatus } from '../guard/guard-events.js';
import { notifyTrip, type TripHook } from '../guard/notify-trip.js';
import { RouteGuard, type GuardChange } from '../guard/route-guard.js';
import type { DelegateAssigner, RolloutSource, SourceSubscription, SourceUpdate } from '../sources/source.js';
import { closeModels } from './close-models.js';
import { askDelegate, type DelegateAnswer } from './ask-delegate.js';
import { interpretUpdate } from './apply-update.js';
import type { Decision } from '../vocabulary/decision.js';
import { decideCall, type DecideContext } from './decide-call.js';
import type { RouterEvents } from './events.js';
import type { CallOptions } from './options.js';
import type { Model } from '../vocabulary/model.js';
import type { RouteSnapshot } from '../vocabulary/route-snapshot.js';
import { noopMetrics, type RouterMetrics } from '../vocabulary/router-metrics.js';
import type { CallOutcome, CallRole } from '../vocabulary/outcomes.js';
import { ShadowRunner } from '../shadow/shadow-runner.js';
import type { ShadowOptions } from '../shadow/shadow-options.js';
import type { Analysis } from '../experiment/analysis.js';
import type { ExperimentOptions } from '../experiment/experiment-options.js';
import { ExperimentTracker, type TrackOptions, type TrackResult } from '../experiment/experiment-tracker.js';
import type { VersionSummary } from '../experiment/version-summary.js';
import { ReviewRunner, type ReviewOptions } from '../review/review-runner.js';
import type { ReviewSignal } from '../vocabulary/review-signal.js';
import { exposureRecorder, type ExposureRecorder } from './exposure-recorder.js';
import { GateRunner } from '../gate/gate-runner.js';
import type { GateStatus } from '../gate/evaluate-gate.js';

/** A prediction with the decision behind it. */
export interface DetailedResult<O> {
  readonly output: O;
  readonly decision: Decision;
  /** The model call's duration in milliseconds, on the router's clock. */
  readonly durationMs: number;
}

/** What the router was built with; see `createRouter`. */
export interface RouterInit<I, O> {
  route: string;
  models: Readonly<Record<string, Model<I, O>>>;
  source: RolloutSource;
  fallback: string;
  isValid: (output: O) => boolean;
  clock: Clock;
  hash: Hash32;
  /** How shadow traffic runs; see `RouterOptions.shadow`. */
  shadow?: ShadowOptions<I, O>;
  /** Where the router's measurements go (see `createRouterMetrics`). Default: {@link noopMetrics}. */
  metrics?: RouterMetrics;
  /** See `RouterOptions.onTrip`. */
  onTrip?: TripHook;
  /** See `RouterOptions.guardTimer`. Default: {@link defaultGuardTimer}. */
  guardTimer?: GuardTimer;
  /** How exposures and outcomes are kept; see `RouterOptions.experiment`. */
  experiment?: ExperimentOptions;
  /** What review signals compare; see `RouterOptions.reviewValue` and `RouterOptions.explain`. */
  review?: ReviewOptions<I, O>;
}

/**
 * Routes each call of one route to a model version. Create it with `createRouter`.
 *
 * The call path reads the snapshot of the document in force (no I/O), decides, calls the model,
 * times it, checks validity and records; documents are compiled off the call path when they arrive.
 */
export class Router<I, O> extends EventEmitter<RouterEvents> {
  /** The route this router serves. */
  readonly route: string;
  private readonly models: Readonly<Record<string, Model<I, O>>>;
  private readonly fallback: string;
  private readonly isValid: (output: O) => boolean;
  private readonly clock: Clock;
  private readonly hash: Hash32;
  private readonly decideContext: DecideContext;
  private readonly source: RolloutSource;
  private readonly delegate: DelegateAssigner | undefined;
  private snapshot: RouteSnapshot | undefined;
  // The guard of the document in force (undefined when it has no `guard`); replaced with the snapshot.
  private guard: RouteGuard | undefined;
  private readonly onTrip: TripHook | undefined;
  private readonly guardTimer: GuardTimer;
  private subscription: SourceSubscription | undefined;
  private closed = false;
  private readonly metrics: RouterMetrics = noopMetrics;
  private readonly shadows: ShadowRunner<I, O>;
  private readonly experiment: ExperimentTracker;
  private readonly exposures: ExposureRecorder;
  private readonly review: ReviewRunner<I, O>;
  private readonly gate: GateRunner;

  constructor(init: RouterInit<I, O>) {
    super();
    this.route = init.route;
    this.models = init.models;
    this.fallback = init.fallback;
    this.isValid = init.isValid;
    this.clock = init.clock;
    this.hash = init.hash;
    this.decideContext = { route: init.route, fallback: init.fallback, hash: init.hash, clock: init.clock };
    this.source = init.source;
    this.metrics = init.metrics ?? noopMetrics;
    this.delegate = init.source.delegate;
    this.onTrip = init.onTrip;
    this.guardTimer = init.guardTimer ?? defaultGuardTimer;
    this.shadows = new ShadowRunner<I, O>({
      route: init.route,
      models: init.models,
      isValid: init.isValid,
      clock: init.clock,
      hash: init.hash,
      metrics: () => this.metrics,
      options: init.shadow,
    });
    this.exposures = exposureRecorder(init.route, init.experiment, (message) =>
      process.emitWarning(`modelroute: route "${init.route}": ${message}`, 'ModelrouteWarning'),
    );
    this.experiment = new ExperimentTracker(init.route, init.clock, init.experiment, this.exposures.record);
    this.metrics.experiment?.(this.experiment);
    this.gate = new GateRunner(init.route, (event) => {
      this.metrics.gateReady?.(event.challenger);
      this.emitSafely('gateReady', event);
    });
    this.experiment.onAttributed = (metric, variant, value) => this.gate.add(metric, variant, value, this.clock.now());
    this.review = new ReviewRunner<I, O>({
      ...init.review,
      route: init.route,
      now: () => init.clock.now(),
      onSignal: (signal) => this.emitSafely('review', signal),
      onExplainError: (error) => this.warnExplainOnce(error),
    });
    this.metrics.review?.(this.review);
  }

  /** Subscribes to the source; resolves when its first value is known. Called once by `createRouter`. */
  start(): Promise<void> {
    this.subscription = this.source.subscribe((update) => this.onUpdate(update));
    return this.subscription.ready;
  }

  /** The route document in force, or undefined while the router is on its fallback. */
  get document(): RouteSnapshot['document'] | undefined {
    return this.snapshot?.document;
  }

  /** The version of the route document in force, or undefined while on the fallback. */
  get configVersion(): string | undefined {
    return this.snapshot?.version;
  }

  /**
   * Which model would answer a call for `unit`, and why. Calls no model and records nothing.
   * Without a unit the answer is random for that call (`reason: 'random'`).
   * In delegate mode (a source with a `delegate`, such as LaunchDarkly's `mode: 'delegate'`) this is
   * synchronous and asks no flag service: it reports the document's decision, which is what a call gets
   * when the delegate does not answer; `predictDetailed` reports the delegate's choice (`reason: 'delegate'`).
   */
  decide(unit?: string): Decision {
    return this.decideWith(this.snapshot, this.guard, unit);
  }

  /** Calls the model chosen for this call and returns its output. Errors are your model's own. */
  predict(input: I, options?: CallOptions): Promise<O> {
    // One async frame per call: run() returns the bare output when asked to (measured: ~100 ns less per call than awaiting run() here).
    return this.run(input, options, false) as Promise<O>;
  }

  /** Like {@link predict}, and also returns the decision and the model's duration. */
  predictDetailed(input: I, options?: CallOptions): Promise<DetailedResult<O>> {
    return this.run(input, options, true) as Promise<DetailedResult<O>>;
  }

  // The call path. Each step is one call into its concern: decide (assignment, overrides, guard
  // redirect), invoke (the model, timed and recorded; failover), then shadow work, never awaited.
  private async run(input: I, options: CallOptions | undefined, detailed: boolean): Promise<O | DetailedResult<O>> {
    this.assertOpen();
    // The document and guard in force when the call starts serve the whole call (decision, guard
    // records, shadow), even if a new document arrives while the model runs.
    const snap = this.snapshot;
    const guard = this.guard;
    // No await unless the source delegates (delegate mode): the plain path stays synchronous up to the model.
    const decision =
      this.delegate === undefined
        ? this.decideWith(snap, guard, options?.unit)
        : await this.decideDelegated(snap, guard, options);
    this.metrics.decision(decision.variant, decision.reason);
    if (guard !== undefined && guard.notClosed > 0) guard.admit(decision.variant); // a half-open probe
    const start = this.clock.now();
    this.experiment.expose(options?.unit, decision, start);
    let output: O;
    try {
      const timeoutMs = guard === undefined ? 0 : guard.timeoutFor(decision.variant);
      output = await (timeoutMs === 0
        ? this.models[decision.variant]!(input)
        : callWithTimeout(
            this.models[decision.variant]!,
            input,
            timeoutMs,
            this.guardTimer,
            `model "${decision.variant}"`,
          ));
    } catch (error) {
      const failedAt = this.clock.now();
      this.recordCall(
        guard,
        decision,
        'primary',
        isModelrouteError(error, 'model_timeout') ? 'timeout' : 'error',
        failedAt - start,
        failedAt,
      );
      const backup = guard?.failoverTarget(decision.variant);
      if (backup === undefined) throw error;
      const result = await this.failover(guard, input, decision, backup);
      return detailed ? result : result.output;
    }
    const end = this.clock.now();
    const durationMs = end - start;
    const valid = this.isValid(output);
    this.recordCall(guard, decision, 'primary', valid ? 'ok' : 'invalid', durationMs, end);
    if (valid) this.review.observe(decision.variant, input, output); // soft triggers: counts only, never traffic
    // Shadow copies start after the caller's continuation (deferred); never awaited, never throws.
    this.shadows.maybeMirror(snap, decision, input, output, durationMs, options?.unit);
    return detailed ? { output, decision, durationMs } : output;
  }

  /**
   * Stops following the source and drains shadow work, then flushes its sinks and ends the models that
   * carry a `close()` (a `workerModel`'s pool). In-flight calls finish; later calls throw `router_closed`. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscription?.unsubscribe();
    // Waits for shadow calls in flight (up to shadow.drainTimeoutMs), then flushes and closes the sinks. Never rejects.
    await Promise.all([this.shadows.close(), this.exposures.close()]);
    await closeModels(this.route, this.models);
    this.metrics.close?.();
  }

  private decideWith(
    snap: RouteSnapshot | undefined,
    guard: RouteGuard | undefined,
    unit: string | undefined,
    delegated?: string,
  ): Decision {
    return decideCall(this.decideContext, snap, guard, unit, delegated);
  }

  // Delegate mode: the control plane picks the variant per call (after the document's overrides); the
  // document still gives champion, guard and shadow. A delegate that throws or names an unknown model
  // never fails the call: the document's decision answers it, and the failure is counted and emitted.
  private async decideDelegated(
    snap: RouteSnapshot | undefined,
    guard: RouteGuard | undefined,
    options: CallOptions | undefined,
  ): Promise<Decision> {
    const unit = options?.unit;
    if (unit !== undefined && snap?.overrides.has(unit)) return this.decideWith(snap, guard, unit);
    const answer = await askDelegate(this.delegate!, this.models, unit, options?.attributes);
    if (answer.kind !== 'failed')
      return this.decideWith(snap, guard, unit, answer.kind === 'variant' ? answer.variant : undefined);
    const decision = this.decideWith(snap, guard, unit);
    this.onDelegateFailed(answer, decision.variant);
    return decision;
  }

  private onDelegateFailed(answer: Extract<DelegateAnswer, { kind: 'failed' }>, variant: string): void {
    this.metrics.delegateFailed?.(answer.failure);
    this.emitSafely('delegateFailed', {
      route: this.route,
      failure: answer.failure,
      reason: answer.reason,
      variant,
      origin: this.source.name,
    });
  }

  // The one place where every model call's outcome is recorded (guard window, metrics).
  // `guard` is the one in force when the call started: a call that began under an older document (by
  // object identity, not version label) feeds no guard, neither the replaced one nor the new one.
  private recordCall(
    guard: RouteGuard | undefined,
    decision: Decision,
    role: CallRole,
    outcome: CallOutcome,
    durationMs: number,
    now?: number,
  ): void {
    this.metrics.prediction(decision.variant, role, outcome, durationMs);
    if (guard === undefined || role === 'shadow' || guard !== this.guard) return;
    const change = guard.record(decision.variant, outcome, durationMs, now ?? this.clock.now());
    if (change !== undefined) this.onGuardChange(change);
  }

  // Failover: the guarded variant failed or timed out, so its target (the champion, or rollbackTo)
  // answers in the same call. The caller sees the target's result, or its error if it fails too.
  private async failover(
    guard: RouteGuard | undefined,
    input: I,
    failed: Decision,
    target: string,
  ): Promise<DetailedResult<O>> {
    this.experiment.failedOver(failed);
    const decision: Decision = { ...failed, variant: target, reason: 'guard' };
    const start = this.clock.now();
    let output: O;
    try {
      output = await this.models[target]!(input);
    } catch (error) {
      const failedAt = this.clock.now();
      this.recordCall(guard, decision, 'failover', 'error', failedAt - start, failedAt);
      throw error;
    }
    const end = this.clock.now();
    this.recordCall(guard, decision, 'failover', this.isValid(output) ? 'ok' : 'invalid', end - start, end);
    return { output, decision, durationMs: end - start };
  }

  private onGuardChange(change: GuardChange): void {
    if (change.kind === 'recovered') {
      this.emitSafely('recovered', change.event);
      return;
    }
    this.metrics.guardTrip(change.event.variant, change.event.trigger);
    this.emitSafely('trip', change.event);
    notifyTrip(this.onTrip, change.event);
  }

  /**
   * Puts a variant that the guard took out back into traffic, with an empty window (manual recovery).
   * Returns false when it was not out. Throws `unknown_model` for a name that is not one of the models.
   */
  reset(variant: string): boolean {
    if (!Object.hasOwn(this.models, variant))
      throw new ModelrouteError(
        'unknown_model',
        `reset("${variant}"): not one of this router's models (${Object.keys(this.models).join(', ')})`,
      );
    const event = this.guard?.reset(variant, this.clock.now());
    if (event === undefined) return false;
    this.emitSafely('recovered', event);
    return true;
  }

  /**
   * Records an outcome of the experiment (the document's `experiment.metrics`): `value` of `metric` goes
   * to the variant and document version that `unit` was exposed to (its latest exposure, within the
   * metric's attribution window), even if the weights changed since; or, with `{ decision }` from
   * `predictDetailed`, to that decision's variant and version without a lookup. Proportions take 0 or 1,
   * means any finite number. Returns `'attributed'` or why not; an unknown unit is `'unexposed'`, never
   * guessed. Bad input is counted and warned about once, and throws only with
   * `experiment.onInvalidOutcome: 'throw'`. See docs/experiments.md.
   */
  track(metric: string, value: number, options: TrackOptions): TrackResult {
    return this.experiment.track(metric, value, options);
  }

  /**
   * The live analysis of the experiment of the document in force (or of a recent `version`): SRM, and per
   * metric every variant against the champion, computed with @modelroute/stats. Undefined when the
   * document has no `experiment`. Splits of different versions are never pooled. See docs/experiments.md.
   */
  analysis(version?: string): Analysis | undefined {
    const analysis = this.experiment.analysis(version);
    if (analysis === undefined || analysis.version !== this.snapshot?.version) return analysis;
    this.review.observeAnalysis(analysis);
    return { ...analysis, reviews: this.reviews() };
  }

  /**
   * The review signals (soft triggers: prediction shift, metric regression, attribution shift) raised under
   * the document in force, oldest first; empty without a `review` section. They never move traffic. See
   * docs/review.md.
   */
  reviews(): ReviewSignal[] {
    return this.review.raisedSignals(this.snapshot?.table.ids ?? []);
  }

  private explainWarned = false;
  private warnExplainOnce(error: unknown): void {
    if (this.explainWarned) return;
    this.explainWarned = true;
    process.emitWarning(
      `modelroute: route "${this.route}": the explain hook failed (${(error as Error)?.message ?? String(error)}); attributions of such calls are skipped (warned once)`,
      { type: 'ModelrouteWarning', code: 'MODELROUTE_EXPLAIN_FAILED' },
    );
  }

  /**
   * The counts behind {@link analysis} (exposures and per metric × variant summaries) of the document in
   * force or a recent `version`: merge the summaries of several routers of one version exactly with
   * `merge`, and analyse the result with `analyzeExperiment(summary.figures())`. Undefined without an experiment.
   */
  experimentSummary(version?: string): VersionSummary | undefined {
    return this.experiment.summary(version);
  }

  /**
   * The promotion gate's verdict now, over its rolling window (concurrent traffic only): ready or not,
   * why, and the evidence. Undefined unless the document in force has an `experiment` and a `gate`. See
   * docs/champion-challenger.md.
   */
  gateStatus(): GateStatus | undefined {
    return this.gate.status(this.clock.now());
  }

  /** The guard's state and window figures per variant; empty when the document in force has no `guard`. */
  guardStatus(): GuardVariantStatus[] {
    return this.guard?.status(this.clock.now()) ?? [];
  }

  private onUpdate(update: SourceUpdate): void {
    if (this.closed) return;
    const origin = update.origin ?? this.source.name;
    let result: ReturnType<typeof interpretUpdate>;
    try {
      result = interpretUpdate(this.hash, this.route, this.models, this.snapshot, update);
    } catch (error) {
      result = { kind: 'reject' as const, problems: [`could not apply the document: ${(error as Error).message}`] };
    }
    if (result.kind === 'reject') {
      this.metrics.documentRejected();
      // Nobody listens yet while createRouter waits for the first document: say it anyway.
      if (this.listenerCount('rejected') === 0) {
        process.emitWarning(
          `modelroute: route "${this.route}" rejected a document from ${origin}; ${this.snapshot ? `keeping version ${this.snapshot.version}` : `answering with the fallback "${this.fallback}"`}: ${result.problems.join('; ')}`,
          { type: 'ModelrouteWarning', code: 'MODELROUTE_DOCUMENT_REJECTED' },
        );
      }
      this.emitSafely('rejected', {
        route: this.route,
        reason: result.problems.join('; '),
        problems: result.problems,
        keptVersion: this.snapshot?.version,
        origin,
      });
    } else if (result.kind === 'apply') {
      const previousVersion = this.snapshot?.version;
      this.snapshot = result.snapshot;
      this.shadows.prepare(result.snapshot); // compile the shadow plan now, not on the first mirrored call
      const { version, champion, document } = result.snapshot;
      this.review.prepare({
        version: result.snapshot.version,
        champion: result.snapshot.champion,
        review: result.snapshot.document.review,
        hasExperiment: result.snapshot.document.experiment !== undefined,
      });
      this.experiment.prepare({ version, champion, weights: document.weights, experiment: document.experiment });
      this.gate.prepare(version, champion, document.experiment, document.gate);
      // A new document version starts the guard's windows afresh; a trip stays unless the champion or the
      // guard config changed or the variant is gone (RouteGuard.carryTrips; docs/guard.md).
      const previousGuard = this.guard;
      this.guard =
        result.snapshot.guard === undefined
          ? undefined
          : new RouteGuard(
              result.snapshot,
              (variant, state) => this.metrics.guardState?.(variant, state === 'half-open' ? 'half_open' : state),
              this.clock,
            );
      const kept = this.guard?.carryTrips(previousGuard) ?? [];
      for (const variant of previousGuard?.notClosedVariants() ?? [])
        if (!kept.includes(variant)) this.metrics.guardState?.(variant, 'closed');
      this.metrics.documentApplied(result.snapshot.version, result.snapshot.shares);
      this.emitSafely('applied', {
        route: this.route,
        version: result.snapshot.version,
        document: result.snapshot.document,
        previousVersion,
        origin,
      });
    }
  }

  // A listener's exception must not break the source that delivered the update, nor the call that
  // tripped the guard. (A throwing listener ends that emit: listeners after it miss the event; each
  // throw is reported with process.emitWarning.)
  private emitSafely<E extends keyof RouterEvents>(event: E, payload: Parameters<RouterEvents[E]>[0]): void {
    try {
      (this.emit as (e: E, p: unknown) => boolean)(event, payload);
    } catch (error) {
      process.emitWarning(
        `modelroute: a "${String(event)}" listener of route "${this.route}" threw; the router caught it and keeps working: ${(error as Error).message}`,
        'ModelrouteWarning',
      );
    }
  }

  private assertOpen(): void {
    if (this.closed)
      throw new ModelrouteError(
        'router_closed',
        `router for route "${this.route}" is closed; create a new one with createRouter()`,
      );
  }
}
