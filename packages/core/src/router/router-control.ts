import type { Hash32 } from '../assignment/hasher.js';
import type { Clock } from '../clock/clock.js';
import { ModelrouteError } from '../errors/modelroute-error.js';
import type { GuardTimer } from '../guard/call-with-timeout.js';
import type { GuardState, GuardVariantStatus } from '../guard/guard-events.js';
import { nextGuard } from '../guard/next-guard.js';
import type { TripHook } from '../guard/notify-trip.js';
import type { RouteGuard } from '../guard/route-guard.js';
import type { ShadowOptions } from '../shadow/shadow-options.js';
import { ShadowRunner } from '../shadow/shadow-runner.js';
import type { RolloutSource, SourceSubscription, SourceUpdate } from '../sources/source.js';
import type { Model } from '../vocabulary/model.js';
import type { ModelMetadata } from '../vocabulary/model-metadata.js';
import { namedModels, type RouteSnapshot } from '../vocabulary/route-snapshot.js';
import { noopMetrics, type RouterMetrics } from '../vocabulary/router-metrics.js';
import {
  type ModelrouteWarningCode,
  processWarning,
  safeWarningHandler,
  type WarningHandler,
} from '../vocabulary/warning.js';
import { interpretUpdate } from './apply-update.js';
import type { RouterEvents } from './events.js';
import { GateRunner } from '../gate/gate-runner.js';
import { type CloseDeadline, closeModels, DEFAULT_MODEL_CLOSE_TIMEOUT_MS } from './close-models.js';
import { defaultShadowScheduler } from '../shadow/shadow-scheduler.js';
import { DEFAULT_MAX_DOCUMENT_BYTES } from '../rollout/document-size.js';
import { subscribeSource } from './subscribe-source.js';
import { SafeEmitter } from './safe-emitter.js';
import type { ExperimentOptions } from '../experiment/experiment-options.js';
import { ExperimentTracker } from '../experiment/experiment-tracker.js';
import { ReviewRunner, type ReviewOptions } from '../review/review-runner.js';
import { exposureRecorder, type ExposureRecorder } from './exposure-recorder.js';

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
  /** See `RouterOptions.delegateTimeoutMs`. Default 100. */
  delegateTimeoutMs?: number;
  /** See `RouterOptions.modelCloseTimeoutMs`. Default {@link DEFAULT_MODEL_CLOSE_TIMEOUT_MS}. */
  modelCloseTimeoutMs?: number;
  /** See `RouterOptions.onWarning`. Default: {@link processWarning}. */
  onWarning?: WarningHandler;
  /** See `RouterOptions.maxDocumentBytes`. Default {@link DEFAULT_MAX_DOCUMENT_BYTES}. */
  maxDocumentBytes?: number;
  /** The resolved secret key of unit pseudonyms (see `RouterOptions.pseudonymKey`); undefined: none. */
  pseudonymKey?: string;
  /** How exposures and outcomes are kept; see `RouterOptions.experiment`. */
  experiment?: ExperimentOptions;
  /** What review signals compare; see `RouterOptions.reviewValue` and `RouterOptions.explain`. */
  review?: ReviewOptions<I, O>;
  /** Registry entries by model id (see `RouterOptions.registry`). Default: none. */
  registry?: ReadonlyMap<string, ModelMetadata>;
}

/** The key of a router's start method: `createRouter` starts it, nobody else can (it is not `start`). */
export const START: unique symbol = Symbol('modelroute.router.start');

/**
 * The control side of a router: follows the source (documents compiled off the call path, the guard
 * replaced with them), events and warnings, manual reset, close. {@link RouterCore} adds the call path.
 */
export abstract class RouterControl<I, O> {
  readonly route: string;
  protected readonly models: Readonly<Record<string, Model<I, O>>>;
  protected readonly fallback: string;
  protected readonly isValid: (output: O) => boolean;
  protected readonly clock: Clock;
  protected readonly hash: Hash32;
  protected readonly source: RolloutSource;
  protected snapshot: RouteSnapshot | undefined;
  // The guard of the document in force (undefined when it has no `guard`); replaced with the snapshot.
  protected guard: RouteGuard | undefined;
  protected readonly metrics: RouterMetrics = noopMetrics;
  protected readonly shadows: ShadowRunner<I, O>;
  protected readonly warn: WarningHandler;
  protected readonly events: SafeEmitter<RouterEvents>;
  protected readonly experiment: ExperimentTracker;
  protected readonly exposures: ExposureRecorder;
  protected readonly review: ReviewRunner<I, O>;
  protected readonly gate: GateRunner;
  private readonly registry: ReadonlyMap<string, ModelMetadata>;
  private subscription: SourceSubscription | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  private absentReason: string | undefined;
  private readonly maxDocumentBytes: number;
  private readonly closeDeadline: CloseDeadline;

  constructor(init: RouterInit<I, O>) {
    this.route = init.route;
    this.models = init.models;
    this.fallback = init.fallback;
    this.isValid = init.isValid;
    this.clock = init.clock;
    this.hash = init.hash;
    this.source = init.source;
    this.metrics = init.metrics ?? noopMetrics;
    this.warn = safeWarningHandler(init.onWarning ?? processWarning);
    this.events = new SafeEmitter(this.warn, `route "${init.route}"`);
    this.maxDocumentBytes = init.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    // The shadow runner's scheduler (a manual one in tests), keeping a process that awaits close() alive.
    const scheduler = init.shadow?.scheduler ?? defaultShadowScheduler;
    this.closeDeadline = {
      ms: init.modelCloseTimeoutMs ?? DEFAULT_MODEL_CLOSE_TIMEOUT_MS,
      timer: { timeout: (fn, ms) => scheduler.timeout(fn, ms, true) },
    };
    this.registry = init.registry ?? new Map();
    this.shadows = new ShadowRunner<I, O>({
      route: init.route,
      models: init.models,
      isValid: init.isValid,
      clock: init.clock,
      hash: init.hash,
      metrics: () => this.metrics,
      options: init.shadow,
      onWarning: this.warn,
      pseudonymKey: init.pseudonymKey,
    });
    this.exposures = exposureRecorder(
      init.route,
      init.experiment,
      (message, code) =>
        this.warn({
          code: code ?? 'MODELROUTE_EXPOSURE_SINK_FAILED',
          message: `modelroute: route "${init.route}": ${message}`,
        }),
      init.pseudonymKey,
    );
    this.experiment = new ExperimentTracker(init.route, init.clock, init.experiment, this.exposures.record, this.warn);
    this.metrics.experiment?.(this.experiment);
    this.gate = new GateRunner(init.route, (event) => {
      this.metrics.gateReady?.(event.challenger);
      this.events.emit(
        'gateReady',
        this.withModels(event, { model: event.challenger, championModel: event.evidence?.champion }),
      );
    });
    this.experiment.onAttributed = (metric, variant, value) => this.gate.add(metric, variant, value, this.clock.now());
    let explainWarned = false;
    this.review = new ReviewRunner<I, O>({
      ...init.review,
      route: init.route,
      now: () => init.clock.now(),
      onSignal: (signal) => this.events.emit('review', signal),
      onExplainError: (error) => {
        if (explainWarned) return;
        explainWarned = true;
        this.warn({
          code: 'MODELROUTE_EXPLAIN_FAILED',
          message: `modelroute: route "${this.route}": the explain hook failed (${(error as Error)?.message ?? String(error)}); attributions of such calls are skipped (warned once)`,
        });
      },
    });
    this.metrics.review?.(this.review);
  }

  on<E extends keyof RouterEvents>(event: E, listener: RouterEvents[E]): this {
    this.events.on(event, listener);
    return this;
  }

  off<E extends keyof RouterEvents>(event: E, listener?: RouterEvents[E]): this {
    this.events.off(event, listener);
    return this;
  }

  once<E extends keyof RouterEvents>(event: E, listener: RouterEvents[E]): this {
    this.events.once(event, listener);
    return this;
  }

  /** Subscribes to the source; resolves when its first value is known. Called once by `createRouter`. */
  [START](): Promise<void> {
    this.subscription = subscribeSource(
      this.source,
      (update) => this.onUpdate(update),
      (message) => this.say('MODELROUTE_SOURCE_FAILED', message),
    );
    return this.subscription.ready;
  }

  /** Says something about the router (not about one call) on its warning channel. */
  protected say(code: ModelrouteWarningCode, message: string): void {
    this.warn({ code, message: `modelroute: route "${this.route}": ${message}` });
  }

  get document(): RouteSnapshot['document'] | undefined {
    return this.snapshot?.document;
  }

  get configVersion(): string | undefined {
    return this.snapshot?.version;
  }

  reset(variant: string): boolean {
    if (!Object.hasOwn(this.models, variant))
      throw new ModelrouteError(
        'unknown_model',
        `reset("${variant}"): not one of this router's models (${Object.keys(this.models).join(', ')})`,
      );
    const event = this.guard?.reset(variant, this.clock.now());
    if (event === undefined) return false;
    this.events.emit('recovered', this.withModels(event, { model: event.variant }));
    return true;
  }

  modelInfo(id: string): ModelMetadata | undefined {
    return this.registry.get(id);
  }

  /**
   * `event` with the registry entries of the model ids in `fields` (a copy, made only with a registry:
   * events are rare, so nothing here is on the call path); the event itself without a registry.
   */
  protected withModels<E extends object>(event: E, fields: { readonly [K in keyof E]?: string | undefined }): E {
    if (this.registry.size === 0) return event;
    const found: Record<string, ModelMetadata> = {};
    for (const [field, id] of Object.entries(fields) as [string, string | undefined][]) {
      const entry = id === undefined ? undefined : this.registry.get(id);
      if (entry !== undefined) found[field] = entry;
    }
    return { ...event, ...found };
  }

  guardStatus(): GuardVariantStatus[] {
    return this.guard?.status(this.clock.now()) ?? [];
  }

  // Every call, the first or a later one, resolves when the drain and the flush are done; never rejects.
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    this.subscription?.unsubscribe(); // never throws: subscribeSource reports a throwing unsubscribe
    // Waits for shadow calls in flight (up to shadow.drainTimeoutMs), then flushes and closes the sinks. Never rejects.
    await Promise.all([this.shadows.close(), this.exposures.close()]);
    await closeModels(this.route, this.models, this.warn, this.closeDeadline);
    try {
      this.metrics.close?.();
    } catch (error) {
      this.say('MODELROUTE_METRICS_CLOSE_FAILED', `closing the router's metrics failed: ${(error as Error)?.message}`);
    }
  }

  private onUpdate(update: SourceUpdate): void {
    if (this.closed) return;
    const origin = update.origin ?? this.source.name;
    // A source with nothing to read (a file that is not there): say so once, until something else arrives.
    if (update.type === 'absent' && update.reason !== this.absentReason)
      this.say(
        'MODELROUTE_SOURCE_ABSENT',
        `source ${origin} has no document: ${update.reason}; ${this.snapshot ? `keeping version ${this.snapshot.version}` : `answering with the fallback "${this.fallback}"`} until it has one`,
      );
    this.absentReason = update.type === 'absent' ? update.reason : undefined;
    let result: ReturnType<typeof interpretUpdate>;
    try {
      result = interpretUpdate(this.hash, this.route, this.models, this.snapshot, update, this.maxDocumentBytes);
    } catch (error) {
      result = { kind: 'reject' as const, problems: [`could not apply the document: ${(error as Error).message}`] };
    }
    if (result.kind === 'reject') {
      this.metrics.documentRejected();
      // Whenever nobody listens for `rejected` (always so while createRouter waits for the first document), say it anyway.
      if (!this.events.heard('rejected'))
        this.warn({
          code: 'MODELROUTE_DOCUMENT_REJECTED',
          message: `modelroute: route "${this.route}" rejected a document from ${origin}; ${this.snapshot ? `keeping version ${this.snapshot.version}` : `answering with the fallback "${this.fallback}"`}: ${result.problems.join('; ')}`,
        });
      this.events.emit('rejected', {
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
        version,
        champion,
        review: document.review,
        hasExperiment: document.experiment !== undefined,
      });
      this.experiment.prepare({ version, champion, weights: document.weights, experiment: document.experiment });
      this.gate.prepare(version, champion, document.experiment, document.gate);
      // Windows start afresh; trips carry over where the guard allows (nextGuard; docs/guard.md).
      this.guard = nextGuard(this.guard, result.snapshot, this.onGuardState, this.clock);
      this.metrics.documentApplied(result.snapshot.version, result.snapshot.shares);
      this.events.emit('applied', {
        route: this.route,
        version: result.snapshot.version,
        document: result.snapshot.document,
        previousVersion,
        origin,
        ...(this.registry.size === 0 ? {} : { models: this.documentModels(result.snapshot) }),
      });
    }
  }

  // The registry entries of the models a document names: resolved once, when it is applied.
  private documentModels(snapshot: RouteSnapshot): Record<string, ModelMetadata> {
    const models: Record<string, ModelMetadata> = {};
    for (const [, id] of namedModels(this.route, snapshot.document)) {
      const entry = this.registry.get(id);
      if (entry !== undefined) models[id] = entry;
    }
    return models;
  }

  private readonly onGuardState = (variant: string, state: GuardState): void =>
    this.metrics.guardState?.(variant, state === 'half-open' ? 'half_open' : state);

  protected assertOpen(): void {
    if (this.closed)
      throw new ModelrouteError(
        'router_closed',
        `router for route "${this.route}" is closed; create a new one with createRouter()`,
      );
  }
}
