import type { Meter, MeterProvider } from '@opentelemetry/api';
import { loadedOtelApi } from './otel-api.js';
import type { DelegateFailure } from '../vocabulary/outcomes.js';
import type { DecisionReason } from '../vocabulary/decision.js';
import type { ReviewCounts } from '../vocabulary/review-counts.js';
import type { ExperimentCounts } from '../vocabulary/experiment-counts.js';
import { joinMeter, leaveMeter } from './meter-registry.js';
import { COMPARISON_INDEX, DROP_INDEX, ModelSlot, REASON_INDEX, TRIGGER_INDEX } from './model-slot.js';
import { createDurationHistogram, isNoopHistogram, modelrouteMeter, type OtelInstruments } from './otel-instruments.js';
import { newRouteState, type RouteState } from './route-state.js';
import type {
  CallOutcome,
  CallRole,
  GuardCircuitState,
  GuardTrigger,
  ShadowComparison,
  ShadowDropReason,
} from '../vocabulary/outcomes.js';
import type { RouterMetrics } from '../vocabulary/router-metrics.js';
import { processWarning, type WarningHandler } from '../vocabulary/warning.js';

/** What an {@link OtelRouterMetrics} measures. */
export interface OtelRouterMetricsInit {
  /** The route of the router. */
  readonly route: string;
  /** The router's model ids: every attribute set is built for these, once. */
  readonly models: readonly string[];
  /** The router's fallback model: it has all the traffic while no document is known. */
  readonly fallback: string;
  /** Where warnings go. Default: `process.emitWarning` with type `ModelrouteWarning`. */
  readonly warn?: WarningHandler;
}

// While unbound (the global provider is the no-op one), look at the global provider again on the first
// call and then every this many calls: a counter and a mask per call, then one global lookup.
const RECHECK_MASK = 1023;
// Names outside the router's models should never arrive (documents are checked against them); if one
// does, a few get slots, the rest are not measured, so attribute sets stay bounded.
const MAX_EXTRA_SLOTS = 16;

/**
 * The OpenTelemetry-backed {@link RouterMetrics} of one router. The prediction duration is a real
 * histogram, recorded once per model call with an attribute object built when the router was created;
 * every count (decisions, documents, shadow, guard, delegate) is kept locally, a typed-array increment,
 * and exported through observable instruments at collection time.
 *
 * Until it is bound to a provider whose instruments record, it does nothing per call but count the call
 * and, every 1024 calls, look at the global provider again (see `createRouterMetrics`).
 */
export class OtelRouterMetrics implements RouterMetrics {
  private instruments: OtelInstruments | undefined;
  private meter: Meter | undefined;
  private lastProvider: MeterProvider | undefined;
  private unmeasured = 0;
  private closed = false;
  // The route's state: this router's own until it binds, then the one it shares with every router of the
  // same route on that meter. `slots` is the state's map, kept in a field for the call path.
  private state: RouteState;
  private slots: Map<string, ModelSlot>;
  private readonly warn: WarningHandler;

  constructor(private readonly init: OtelRouterMetricsInit) {
    this.state = newRouteState(init.route, init.models, init.fallback);
    this.slots = this.state.slots;
    this.warn = init.warn ?? processWarning;
  }

  /** True once instruments that record are in place. */
  get bound(): boolean {
    return this.instruments !== undefined;
  }

  /**
   * Takes instruments from `provider`. Returns false (and stays unbound) when they are no-ops. Never
   * throws: a provider that fails is reported as a warning and leaves telemetry off.
   */
  bind(provider: MeterProvider): boolean {
    if (this.instruments || this.closed) return this.instruments !== undefined;
    this.lastProvider = provider;
    try {
      const meter = modelrouteMeter(provider);
      const duration = createDurationHistogram(meter);
      if (isNoopHistogram(duration)) return false;
      const { state, instruments } = joinMeter(meter, this.state, duration);
      this.state = state;
      this.slots = state.slots;
      this.meter = meter;
      this.instruments = instruments;
      return true;
    } catch (error) {
      this.warn({
        code: 'MODELROUTE_METER_FAILED',
        message: `modelroute: route "${this.init.route}" could not create its OpenTelemetry instruments, so it measures nothing: ${(error as Error).message}. Check the meterProvider you passed to createRouter().`,
      });
      return false;
    }
  }

  /**
   * Looks at the global meter provider; binds when it changed to one that records. OpenTelemetry's
   * metrics API has no proxy provider, so this is how a router created before the SDK starts measuring.
   */
  bindGlobal(): boolean {
    const provider = loadedOtelApi()?.metrics.getMeterProvider();
    if (provider === undefined || provider === this.lastProvider || !this.bind(provider)) return false;
    if (this.unmeasured > 0) {
      this.warn({
        code: 'MODELROUTE_LATE_METER_PROVIDER',
        message:
          `modelroute: route "${this.init.route}" found the global OpenTelemetry MeterProvider only after ${this.unmeasured} call(s), which were not measured. ` +
          'Register the OpenTelemetry SDK (metrics.setGlobalMeterProvider or NodeSDK.start()) before createRouter(), or pass createRouter({ meterProvider }).',
      });
    }
    return true;
  }

  decision(variant: string, reason: DecisionReason): void {
    if (this.instruments === undefined) {
      if ((++this.unmeasured & RECHECK_MASK) !== 1 || this.closed) return;
      this.unmeasured--; // this call is measured if the look binds
      if (!this.bindGlobal()) {
        this.unmeasured++;
        return;
      }
    }
    const slot = this.slots.get(variant) ?? this.addSlot(variant);
    const i = REASON_INDEX[reason];
    if (slot !== undefined && i !== undefined) slot.decisions[i]!++;
  }

  prediction(variant: string, role: CallRole, outcome: CallOutcome, durationMs: number): void {
    const instruments = this.instruments;
    if (instruments === undefined) return;
    const slot = this.slots.get(variant) ?? this.addSlot(variant);
    const attributes = slot?.calls[role]?.[outcome];
    if (attributes === undefined) return;
    try {
      instruments.duration.record(durationMs > 0 ? durationMs / 1000 : 0, attributes);
    } catch {
      // A misbehaving provider must never reach the caller of predict().
    }
  }

  documentApplied(_version: string, shares: Readonly<Record<string, number>>): void {
    this.state.counts.applied++;
    for (const slot of this.slots.values()) slot.weight = 0;
    for (const [model, share] of Object.entries(shares)) {
      const slot = this.slots.get(model) ?? this.addSlot(model);
      if (slot === undefined) continue;
      slot.weight = share;
      if (share > 0) slot.guardListed = true;
    }
    if (this.instruments === undefined && !this.closed && this.lastProvider !== undefined) this.bindGlobal();
  }

  documentRejected(): void {
    this.state.counts.rejected++;
  }

  shadowDropped(model: string, reason: ShadowDropReason): void {
    const slot = this.slots.get(model) ?? this.addSlot(model);
    const i = DROP_INDEX[reason];
    if (slot === undefined || i === undefined) return;
    slot.drops[i]!++;
    slot.shadowListed = true;
  }

  shadowCompared(model: string, result: ShadowComparison, difference?: number): void {
    const slot = this.slots.get(model) ?? this.addSlot(model);
    const i = COMPARISON_INDEX[result];
    if (slot === undefined || i === undefined) return;
    slot.comparisons[i]!++;
    slot.shadowListed = true;
    if (difference === undefined || !Number.isFinite(difference) || this.instruments === undefined) return;
    try {
      this.instruments.difference.record(Math.abs(difference), slot.base);
    } catch {
      // Never into the shadow runner either.
    }
  }

  guardTrip(variant: string, trigger: GuardTrigger): void {
    const slot = this.slots.get(variant) ?? this.addSlot(variant);
    const i = TRIGGER_INDEX[trigger];
    if (slot === undefined || i === undefined) return;
    slot.trips[i]!++;
    slot.guardListed = true;
  }

  gateReady(variant: string): void {
    const slot = this.slots.get(variant) ?? this.addSlot(variant);
    if (slot !== undefined) slot.gateReady++;
  }

  guardState(variant: string, state: GuardCircuitState): void {
    const slot = this.slots.get(variant) ?? this.addSlot(variant);
    if (slot === undefined) return;
    slot.state = state;
    slot.guardListed = true;
  }

  experiment(counts: ExperimentCounts): void {
    this.state.experiments.add(counts);
  }

  review(counts: ReviewCounts): void {
    this.state.reviews.add(counts);
  }

  delegateFailed(failure: DelegateFailure): void {
    if (failure === 'unknown_model') this.state.counts.delegateUnknownModels++;
    else if (failure === 'timeout') this.state.counts.delegateTimeouts++;
    else this.state.counts.delegateErrors++;
  }

  /**
   * The router closed: it leaves its meter, whose observable callback goes when no router uses it. The
   * route's counts stay with the meter, so a router made later for the same route continues them. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.meter) return;
    try {
      leaveMeter(this.meter);
    } catch {
      // Nothing to do: the provider may be shut down already.
    }
  }

  private addSlot(model: string): ModelSlot | undefined {
    if (typeof model !== 'string' || this.state.extraSlots >= MAX_EXTRA_SLOTS) return undefined;
    this.state.extraSlots++;
    const slot = new ModelSlot(this.init.route, model);
    this.slots.set(model, slot);
    return slot;
  }
}
