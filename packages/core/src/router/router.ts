import { EventEmitter } from 'eventemitter3';
import type { Hash32 } from '../assignment/hasher.js';
import { assignIndex, randomIndex } from '../assignment/weighted-rendezvous.js';
import type { Clock } from '../clock/clock.js';
import { ModelrouteError } from '../errors/modelroute-error.js';
import type { DelegateAssigner, RolloutSource, SourceSubscription, SourceUpdate } from '../sources/source.js';
import { askDelegate, type DelegateAnswer } from './ask-delegate.js';
import { interpretUpdate } from './apply-update.js';
import type { Decision, DecisionReason } from './decision.js';
import type { RouterEvents } from './events.js';
import type { CallOptions, Model } from './options.js';
import type { RouteSnapshot } from './snapshot.js';
import { noopMetrics, type CallOutcome, type CallRole, type RouterMetrics } from '../telemetry/router-metrics.js';

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
}

const EMPTY_SHARES: Readonly<Record<string, number>> = Object.freeze({});

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
  private readonly source: RolloutSource;
  private readonly delegate: DelegateAssigner | undefined;
  private snapshot: RouteSnapshot | undefined;
  private subscription: SourceSubscription | undefined;
  private closed = false;
  private readonly metrics: RouterMetrics = noopMetrics;

  constructor(init: RouterInit<I, O>) {
    super();
    this.route = init.route;
    this.models = init.models;
    this.fallback = init.fallback;
    this.isValid = init.isValid;
    this.clock = init.clock;
    this.hash = init.hash;
    this.source = init.source;
    this.delegate = init.source.delegate;
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
    return this.decideWith(this.snapshot, unit);
  }

  /** Calls the model chosen for this call and returns its output. Errors are your model's own. */
  async predict(input: I, options?: CallOptions): Promise<O> {
    return (await this.run(input, options)).output;
  }

  /** Like {@link predict}, and also returns the decision and the model's duration. */
  predictDetailed(input: I, options?: CallOptions): Promise<DetailedResult<O>> {
    return this.run(input, options);
  }

  // The call path. Each step is one call into its concern: decide (assignment, overrides, guard
  // redirect), invoke (the model, timed and recorded; failover), then shadow work, never awaited.
  private async run(input: I, options: CallOptions | undefined): Promise<DetailedResult<O>> {
    this.assertOpen();
    // No await unless the source delegates (delegate mode): the plain path stays synchronous up to the model.
    const decision = this.delegate === undefined ? this.decideWith(this.snapshot, options?.unit) : await this.decideDelegated(options);
    this.metrics.decision(decision.variant, decision.reason);
    const start = this.clock.now();
    let output: O;
    try {
      output = await this.models[decision.variant]!(input);
    } catch (error) {
      this.recordCall(decision, 'primary', 'error', this.clock.now() - start);
      throw error;
    }
    const durationMs = this.clock.now() - start;
    this.recordCall(decision, 'primary', this.isValid(output) ? 'ok' : 'invalid', durationMs);
    return { output, decision, durationMs };
  }

  /** Stops following the source. In-flight calls finish; later calls throw `router_closed`. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscription?.unsubscribe();
  }

  private decideWith(snap: RouteSnapshot | undefined, unit: string | undefined, delegated?: string): Decision {
    if (snap === undefined) {
      if (delegated !== undefined) {
        return { route: this.route, variant: delegated, reason: 'delegate', assigned: delegated, champion: this.fallback, sticky: unit !== undefined, shares: EMPTY_SHARES, configVersion: undefined };
      }
      return { route: this.route, variant: this.fallback, reason: 'fallback', assigned: this.fallback, champion: this.fallback, sticky: true, shares: EMPTY_SHARES, configVersion: undefined };
    }
    let variant: string;
    let reason: DecisionReason;
    const pinned = unit === undefined ? undefined : snap.overrides.get(unit);
    if (pinned !== undefined) {
      variant = pinned;
      reason = 'override';
    } else if (delegated !== undefined) {
      variant = delegated;
      reason = 'delegate';
    } else if (unit === undefined) {
      variant = snap.table.ids[randomIndex(snap.table)]!;
      reason = 'random';
    } else {
      variant = snap.table.ids[assignIndex(this.hash, snap.table, unit)]!;
      reason = 'weighted';
    }
    return { route: this.route, variant, reason, assigned: variant, champion: snap.champion, sticky: reason !== 'random' && unit !== undefined, shares: snap.shares, configVersion: snap.version };
  }

  // Delegate mode: the control plane picks the variant per call (after the document's overrides); the
  // document still gives champion, guard and shadow. A delegate that throws or names an unknown model
  // never fails the call: the document's decision answers it, and the failure is counted and emitted.
  private async decideDelegated(options: CallOptions | undefined): Promise<Decision> {
    const unit = options?.unit;
    if (unit !== undefined && this.snapshot?.overrides.has(unit)) return this.decideWith(this.snapshot, unit);
    const answer = await askDelegate(this.delegate!, this.models, unit, options?.attributes);
    if (answer.kind !== 'failed') return this.decideWith(this.snapshot, unit, answer.kind === 'variant' ? answer.variant : undefined);
    const decision = this.decideWith(this.snapshot, unit);
    this.onDelegateFailed(answer, decision.variant);
    return decision;
  }

  private onDelegateFailed(answer: Extract<DelegateAnswer, { kind: 'failed' }>, variant: string): void {
    this.metrics.delegateFailed?.(answer.failure);
    this.emitSafely('delegateFailed', { route: this.route, failure: answer.failure, reason: answer.reason, variant, origin: this.source.name });
  }

  // The one place where every model call's outcome is recorded (guard window, metrics).
  private recordCall(decision: Decision, role: CallRole, outcome: CallOutcome, durationMs: number): void {
    this.metrics.prediction(decision.variant, role, outcome, durationMs);
  }

  private onUpdate(update: SourceUpdate): void {
    if (this.closed) return;
    const origin = update.origin ?? this.source.name;
    let result;
    try {
      result = interpretUpdate(this.hash, this.route, this.models, this.snapshot, update);
    } catch (error) {
      result = { kind: 'reject' as const, problems: [`could not apply the document: ${(error as Error).message}`] };
    }
    if (result.kind === 'reject') {
      this.metrics.documentRejected();
      this.emitSafely('rejected', { route: this.route, reason: result.problems.join('; '), problems: result.problems, keptVersion: this.snapshot?.version, origin });
    } else if (result.kind === 'apply') {
      const previousVersion = this.snapshot?.version;
      this.snapshot = result.snapshot;
      this.metrics.documentApplied(result.snapshot.version, result.snapshot.shares);
      this.emitSafely('applied', { route: this.route, version: result.snapshot.version, document: result.snapshot.document, previousVersion, origin });
    }
  }

  // A listener's exception must not break the source that delivered the update.
  private emitSafely<E extends keyof RouterEvents>(event: E, payload: Parameters<RouterEvents[E]>[0]): void {
    try {
      (this.emit as (e: E, p: unknown) => boolean)(event, payload);
    } catch (error) {
      process.emitWarning(`modelroute: a "${String(event)}" listener of route "${this.route}" threw; the router caught it and keeps working: ${(error as Error).message}`, 'ModelrouteWarning');
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new ModelrouteError('router_closed', `router for route "${this.route}" is closed; create a new one with createRouter()`);
  }
}
