import type { Hash32 } from '../assignment/hasher.js';
import { isModelrouteError } from '../errors/modelroute-error.js';
import type { Clock } from '../clock/clock.js';
import type { Decision } from '../vocabulary/decision.js';
import type { Model } from '../vocabulary/model.js';
import type { RouteSnapshot } from '../vocabulary/route-snapshot.js';
import type { CallOutcome, ShadowDropReason } from '../vocabulary/outcomes.js';
import type { RouterMetrics } from '../vocabulary/router-metrics.js';
import type { ModelrouteWarningCode, WarningHandler } from '../vocabulary/warning.js';
import { CapacityGates } from './capacity-gates.js';
import { deepEqualCompare, judge, NO_OUTPUT } from './compare-outputs.js';
import { DeadlineQueue } from './deadline-queue.js';
import { ShadowCall, type ShadowCallHost } from './shadow-call.js';
import type { ShadowOptions, ShadowVerdict } from './shadow-options.js';
import { unitSampled } from './shadow-plan.js';
import { ShadowPlanCache } from './shadow-plan-cache.js';
import { buildShadowRecord } from './shadow-record-builder.js';
import { defaultShadowScheduler, type ShadowScheduler } from './shadow-scheduler.js';
import type { ShadowRecord } from './shadow-record.js';
import { SinkSet } from './sink-set.js';
import { PSEUDONYM_KEY_ENV, unitRecorder } from '../vocabulary/unit-pseudonym.js';

/** What the router hands its shadow runner. */
export interface ShadowRunnerInit<I, O> {
  route: string;
  models: Readonly<Record<string, Model<I, O>>>;
  /** Never throws: createRouter wraps the caller's `isValid` with `safeIsValid`. */
  isValid: (output: O) => boolean;
  clock: Clock;
  hash: Hash32;
  /** Read on each use, so a router may swap its metrics after construction. */
  metrics: () => RouterMetrics;
  options: ShadowOptions<I, O> | undefined;
  /** The secret key of unit pseudonyms, resolved by createRouter (`pseudonymKey` or MODELROUTE_PSEUDONYM_KEY); undefined: none. */
  pseudonymKey?: string;
  /** Where shadow work's failures are reported (once per kind); never throws. */
  onWarning: WarningHandler;
}

/**
 * Runs a router's shadow traffic: samples calls against the document's `shadow` list, mirrors them
 * after the caller's continuation, bounded in flight and in time, compares and hands pairs to sinks.
 * The bound counts calls a timeout abandoned until the model settles them, so a hung model never holds
 * more than `maxInFlight` calls (nor the memory they pin).
 * Nothing here throws into the router or awaits on its behalf.
 */
export class ShadowRunner<I, O> implements ShadowCallHost<I, O> {
  readonly now: () => number;
  private readonly init: ShadowRunnerInit<I, O>;
  private readonly maxInFlight: number;
  private readonly eagerAt: number;
  private readonly deadlines: DeadlineQueue;
  private readonly drainTimeoutMs: number;
  private readonly random: () => number;
  private readonly scheduler: ShadowScheduler;
  private readonly compare: (primary: O, shadow: O) => ShadowVerdict;
  private readonly tolerance: number;
  private readonly sinks: SinkSet<ShadowRecord>;
  private readonly recordUnit: (unit: string) => string | undefined;
  private readonly plans: ShadowPlanCache;
  private readonly gates: CapacityGates;
  private queue: Array<ShadowCall<I, O>> = [];
  private scheduled = false;
  private eagerQueued = false;
  private active = 0;
  // Calls abandoned at their timeout whose model has not settled yet: they still hold a slot.
  private pendingAbandoned = 0;
  private accepting = true;
  private drained: (() => void) | undefined;
  private closing: Promise<void> | undefined;
  private readonly warned = new Set<string>();
  private readonly runQueue = (): void => {
    this.scheduled = false;
    this.startQueued();
  };
  private readonly runEager = (): void => {
    this.eagerQueued = false;
    this.startQueued();
  };

  constructor(init: ShadowRunnerInit<I, O>) {
    const o = init.options ?? {};
    this.init = init;
    this.now = () => init.clock.now();
    this.maxInFlight = o.maxInFlight ?? 100;
    this.eagerAt = Math.max(1, Math.ceil(this.maxInFlight / 2));
    this.drainTimeoutMs = o.drainTimeoutMs ?? 2000;
    this.random = o.random ?? Math.random;
    this.scheduler = o.scheduler ?? defaultShadowScheduler;
    this.deadlines = new DeadlineQueue(this.scheduler, o.timeoutMs ?? 5000);
    this.compare = o.compare ?? (deepEqualCompare as (primary: O, shadow: O) => ShadowVerdict);
    this.tolerance = o.tolerance ?? 0;
    this.sinks = new SinkSet(
      [...(o.sinks ?? [])],
      (model, reason) => this.dropped(model, reason),
      (key, message) => this.warnOnce(key, message),
    );
    this.plans = new ShadowPlanCache(init.hash);
    this.gates = new CapacityGates(init.models, (error) =>
      this.warnOnce('capacity', `a model's capacity() failed, so its copies were queued: ${(error as Error)?.message}`),
    );
    // One rule for every record with a unit (vocabulary/unit-pseudonym.ts): no secret key, no unit.
    const unitPolicy = o.unit ?? 'hash';
    const key = o.unitKey ?? init.pseudonymKey;
    this.recordUnit = unitRecorder(unitPolicy, key);
    if (unitPolicy === 'hash' && key === undefined && this.sinks.any)
      this.warnOnce(
        'unit',
        `shadow records leave the unit out: there is no secret key for its pseudonym (set createRouter({ pseudonymKey }) or the ${PSEUDONYM_KEY_ENV} environment variable; shadow.unit: 'omit' says you want it out)`,
        'MODELROUTE_UNIT_OMITTED',
      );
  }

  /** Shadow calls queued or running (not yet ended). `inFlight + abandoned` is never above `maxInFlight`. */
  get inFlight(): number {
    return this.active;
  }

  /** Shadow calls abandoned at their timeout whose model's promise has not settled yet; each holds a slot of `maxInFlight` until it does. */
  get abandoned(): number {
    return this.pendingAbandoned;
  }

  /**
   * Compiles the shadow plan of `snapshot` now (idempotent), so that the first mirrored call under a new
   * document does not pay for it. Meant for document-apply time; never throws.
   */
  prepare(snapshot: RouteSnapshot): void {
    if (snapshot.shadow.length === 0) return;
    try {
      this.plans.of(snapshot);
    } catch (error) {
      this.warnOnce('mirror', `shadow sampling failed and was skipped: ${(error as Error)?.message}`);
    }
  }

  /**
   * The call path's one step for shadows: after the primary answered, sample each target and queue the
   * sampled ones to start after the caller's continuation. Costs a length check when the document has
   * no shadows; never throws, never awaits.
   */
  maybeMirror(
    snapshot: RouteSnapshot | undefined,
    decision: Decision,
    input: I,
    output: O,
    durationMs: number,
    unit: string | undefined,
  ): void {
    if (snapshot === undefined || snapshot.shadow.length === 0) return;
    try {
      this.mirror(snapshot, decision, input, output, durationMs, unit);
    } catch (error) {
      this.warnOnce('mirror', `shadow sampling failed and was skipped: ${(error as Error)?.message}`);
    }
  }

  private mirror(
    snapshot: RouteSnapshot,
    decision: Decision,
    input: I,
    output: O,
    durationMs: number,
    unit: string | undefined,
  ): void {
    const plan = this.plans.of(snapshot);
    let unitHash = -1;
    for (const target of plan.targets) {
      // The model that answered needs no copy of its own call.
      if (target.model === decision.variant) continue;
      if (target.fraction < 1) {
        if (target.byUnit && unit !== undefined) {
          if (unitHash < 0) unitHash = this.init.hash(unit, plan.seed);
          if (!unitSampled(target, unitHash)) continue;
        } else if (!(this.random() < target.fraction)) continue;
      }
      if (!this.accepting) this.dropped(target.model, 'closed');
      else if (this.active + this.pendingAbandoned >= this.maxInFlight || !this.gates.admit(target.model))
        this.dropped(target.model, 'capacity');
      else {
        this.active++;
        this.queue.push(new ShadowCall<I, O>(this, target.model, input, output, durationMs, decision, unit));
      }
    }
    if (this.queue.length > 0 && !this.scheduled) {
      // Set before defer: a scheduler that runs the task at once clears it again in startQueued.
      this.scheduled = true;
      try {
        this.scheduler.defer(this.runQueue);
      } catch (error) {
        this.scheduled = false;
        // A custom scheduler that cannot defer: drop what was queued, so no slot is held forever.
        for (const call of this.queue.splice(0)) {
          this.active--;
          this.gates.release(call.model);
          this.dropped(call.model, 'capacity');
        }
        throw error;
      }
    }
    // Callers that keep calling without letting the event loop turn (a batch loop of awaited calls) would
    // fill the bound with copies waiting for their deferred start, though nothing is slow: once half the
    // bound is waiting, the copies of earlier calls (whose callers have moved on) start from a microtask,
    // so that only shadow work that is really backed up (running or abandoned) drops copies.
    if (this.queue.length >= this.eagerAt && !this.eagerQueued) {
      this.eagerQueued = true;
      queueMicrotask(this.runEager);
    }
  }

  // Runs after the caller's continuation (setImmediate by default, or a microtask when the queue is half
  // the bound, see mirror): starts every queued call. A later deferred run finds the queue empty.
  private startQueued(): void {
    const batch = this.queue;
    this.queue = [];
    for (const call of batch) call.start();
  }

  /** @internal ShadowCallHost */
  call(model: string, input: I): unknown {
    this.gates.release(model);
    return this.init.models[model]!(input);
  }

  /** @internal ShadowCallHost */
  track(call: ShadowCall<I, O>): void {
    this.deadlines.add(call);
  }

  /** @internal ShadowCallHost */
  untrack(call: ShadowCall<I, O>): void {
    this.deadlines.remove(call);
  }

  /** @internal ShadowCallHost */
  abandon(): void {
    this.pendingAbandoned++;
  }

  /** @internal ShadowCallHost */
  settled(): void {
    this.pendingAbandoned--;
  }

  /** @internal ShadowCallHost: one call ended. Counts, compares, writes the pair; frees the slot whatever happens. */
  complete(
    call: ShadowCall<I, O>,
    outcome: CallOutcome,
    value: O | undefined,
    error: unknown,
    durationMs: number,
  ): void {
    try {
      const model = call.model;
      if (outcome === 'error' && isModelrouteError(error)) {
        // A model with a bounded queue (workerModel) that had no room: the copy was never run, so it is
        // a drop, not an error of the model. Its own timeout is a timeout.
        if (error.code === 'model_overloaded') {
          this.dropped(model, 'capacity');
          return;
        }
        if (error.code === 'model_timeout') outcome = 'timeout';
      }
      const hasOutput = outcome === 'ok';
      if (hasOutput && !this.init.isValid(value as O)) outcome = 'invalid';
      const metrics = this.init.metrics();
      metrics.prediction(model, 'shadow', outcome, durationMs);
      if (outcome === 'timeout') metrics.shadowDropped(model, 'timeout');
      const judgement = hasOutput ? judge(this.compare, call.primary as O, value as O, this.tolerance) : NO_OUTPUT;
      metrics.shadowCompared(model, judgement.comparison, judgement.difference);
      if (this.sinks.any) {
        const options = this.init.options ?? {};
        const ended = outcome;
        this.sinks.write(model, () =>
          buildShadowRecord(
            this.init.route,
            options,
            this.recordUnit,
            this.init.isValid,
            call,
            ended,
            value,
            error,
            durationMs,
            judgement,
          ),
        );
      }
    } catch (failure) {
      this.warnOnce('complete', `recording a shadow call failed: ${(failure as Error)?.message}`);
    } finally {
      this.active--;
      if (this.active === 0 && this.drained !== undefined) this.drained();
    }
  }

  /**
   * Stops taking shadow work, waits for calls in flight up to `drainTimeoutMs`, then flushes and closes
   * the sinks (each bounded by the same deadline). Calls still running after that are abandoned: when
   * they end they are counted (`reason: 'closed'`), never written. Never rejects; idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown().catch((error: unknown) =>
      this.warnOnce('close', `closing shadow work failed: ${(error as Error)?.message}`),
    );
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.accepting = false;
    if (this.active > 0) {
      await this.withDeadline(new Promise<void>((resolve) => (this.drained = resolve)));
      this.drained = undefined;
    }
    await this.withDeadline(this.sinks.close());
  }

  private withDeadline(work: Promise<void>): Promise<void> {
    let cancel: (() => void) | undefined;
    const deadline = new Promise<void>((resolve) => {
      cancel = this.scheduler.timeout(resolve, this.drainTimeoutMs, true); // keeps a process awaiting close() alive
    });
    return Promise.race([work, deadline]).finally(() => cancel?.());
  }

  private dropped(model: string, reason: ShadowDropReason): void {
    try {
      this.init.metrics().shadowDropped(model, reason);
    } catch (error) {
      this.warnOnce('metrics', `metrics failed in shadow work and were skipped: ${(error as Error)?.message}`);
    }
  }

  private warnOnce(key: string, message: string, code?: ModelrouteWarningCode): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.init.onWarning({
      code: code ?? 'MODELROUTE_SHADOW_FAILED',
      message: `modelroute: route "${this.init.route}": ${message}`,
    });
  }
}
