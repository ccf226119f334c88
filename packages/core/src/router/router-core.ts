import { isModelrouteError } from '../errors/modelroute-error.js';
import { callWithTimeout, defaultGuardTimer, type GuardTimer } from '../guard/call-with-timeout.js';
import type { GuardChange } from '../guard/guard-events.js';
import { notifyTrip, type TripHook } from '../guard/notify-trip.js';
import type { RouteGuard } from '../guard/route-guard.js';
import type { DelegateAssigner } from '../sources/source.js';
import type { Decision } from '../vocabulary/decision.js';
import type { CallOutcome, CallRole } from '../vocabulary/outcomes.js';
import type { RouteSnapshot } from '../vocabulary/route-snapshot.js';
import { askDelegate, DEFAULT_DELEGATE_TIMEOUT_MS, type DelegateAnswer } from './ask-delegate.js';
import { decideCall, type DecideContext } from './decide-call.js';
import type { CallOptions } from './options.js';
import type { DetailedResult, Router } from './router.js';
import { RouterControl, type RouterInit } from './router-control.js';
import type { Analysis } from '../experiment/analysis.js';
import type { TrackOptions, TrackResult } from '../experiment/experiment-tracker.js';
import type { VersionSummary } from '../experiment/version-summary.js';
import type { ReviewSignal } from '../vocabulary/review-signal.js';
import type { GateStatus } from '../gate/evaluate-gate.js';

/**
 * The {@link Router} that `createRouter` returns (internal: users see only the interface). Its model
 * ids are plain strings; `createRouter` narrows them to the union it inferred.
 */
export class RouterCore<I, O> extends RouterControl<I, O> implements Router<I, O> {
  private readonly decideContext: DecideContext;
  private readonly delegate: DelegateAssigner | undefined;
  private readonly onTrip: TripHook | undefined;
  private readonly guardTimer: GuardTimer;
  private readonly delegateTimeoutMs: number;

  constructor(init: RouterInit<I, O>) {
    super(init);
    this.decideContext = { route: init.route, fallback: init.fallback, hash: init.hash, clock: init.clock };
    this.delegate = init.source.delegate;
    this.onTrip = init.onTrip;
    this.guardTimer = init.guardTimer ?? defaultGuardTimer;
    this.delegateTimeoutMs = init.delegateTimeoutMs ?? DEFAULT_DELEGATE_TIMEOUT_MS;
  }

  decide(unit?: string): Decision {
    return this.decideWith(this.snapshot, this.guard, unit);
  }

  predict(input: I, options?: CallOptions): Promise<O> {
    // One async frame per call: run() returns the bare output when asked to (measured: ~100 ns less per call than awaiting run() here).
    return this.run(input, options, false) as Promise<O>;
  }

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
    const answer = await askDelegate(
      this.delegate!,
      this.models,
      unit,
      options?.attributes,
      this.delegateTimeoutMs,
      this.guardTimer,
    );
    if (answer.kind !== 'failed')
      return this.decideWith(snap, guard, unit, answer.kind === 'variant' ? answer.variant : undefined);
    const decision = this.decideWith(snap, guard, unit);
    this.onDelegateFailed(answer, decision.variant);
    return decision;
  }

  private onDelegateFailed(answer: Extract<DelegateAnswer, { kind: 'failed' }>, variant: string): void {
    this.metrics.delegateFailed?.(answer.failure);
    this.events.emit('delegateFailed', {
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
      // Bounded like the call it replaces: a hanging target must not hang the caller either.
      const timeoutMs = guard?.config.timeoutMs ?? 0;
      output = await (timeoutMs === 0
        ? this.models[target]!(input)
        : callWithTimeout(this.models[target]!, input, timeoutMs, this.guardTimer, `failover model "${target}"`));
    } catch (error) {
      const failedAt = this.clock.now();
      const outcome = isModelrouteError(error, 'model_timeout') ? 'timeout' : 'error';
      this.recordCall(guard, decision, 'failover', outcome, failedAt - start, failedAt);
      throw error;
    }
    const end = this.clock.now();
    this.recordCall(guard, decision, 'failover', this.isValid(output) ? 'ok' : 'invalid', end - start, end);
    return { output, decision, durationMs: end - start };
  }

  private onGuardChange(change: GuardChange): void {
    if (change.kind === 'recovered') {
      this.events.emit('recovered', this.withModels(change.event, { model: change.event.variant }));
      return;
    }
    this.metrics.guardTrip(change.event.variant, change.event.trigger);
    const event = this.withModels(change.event, { model: change.event.variant, targetModel: change.event.target });
    this.events.emit('trip', event);
    notifyTrip(this.onTrip, event, this.warn);
  }

  track(metric: string, value: number, options: TrackOptions): TrackResult {
    return this.experiment.track(metric, value, options);
  }

  analysis(version?: string): Analysis | undefined {
    const analysis = this.experiment.analysis(version);
    if (analysis === undefined || analysis.version !== this.snapshot?.version) return analysis;
    this.review.observeAnalysis(analysis);
    return { ...analysis, reviews: this.reviews() };
  }

  reviews(): ReviewSignal[] {
    return this.review.raisedSignals(this.snapshot?.table.ids ?? []);
  }

  experimentSummary(version?: string): VersionSummary | undefined {
    return this.experiment.summary(version);
  }

  gateStatus(): GateStatus | undefined {
    return this.gate.status(this.clock.now());
  }
}
