import type { Counter, MeterProvider } from '@opentelemetry/api';
import { loadOtelApi } from '../telemetry/otel-api.js';
import { EventEmitter } from 'eventemitter3';
import type { Clock } from '../clock/clock.js';
import type { Analysis } from '../experiment/analysis.js';
import type { GateStatus } from '../gate/evaluate-gate.js';
import type { RouteDocument } from '../rollout/schema.js';
import { ATTR, INSTRUMENTS, METER_NAME } from '../telemetry/instruments.js';
import { decideStage, type GuardFacts, type StageDecision } from './decide-stage.js';
import { gatePromoter, type AutoPromotion } from './gate-promoter.js';
import type { RolloutWriter } from './rollout-writer.js';
import { stageEdit } from './stage-edits.js';

/**
 * What a controller drives: a router (local mode), or a view of a fleet built from a file and PromQL
 * (`modelroute controller`). A `Router` with `analysis()` fits as it is.
 */
export interface ControllerSubject {
  readonly route: string;
  /** The route document in force, or undefined while none is known. */
  readonly document: RouteDocument | undefined;
  /** Its version. */
  readonly configVersion: string | undefined;
  /** The analysis of the version in force, or undefined when there is none yet. */
  analysis(): Analysis | undefined | Promise<Analysis | undefined>;
  /** The guard's state per variant (only `variant`, `state` and `trigger` are read). */
  guardStatus(): GuardFacts;
  /**
   * The promotion gate's verdict on the document in force (a router's `gateStatus()`). With `gate.mode:
   * "auto"` in the document, a ready challenger is promoted through the writer. Default: none (no gate).
   */
  gateStatus?(): GateStatus | undefined | Promise<GateStatus | undefined>;
  /** Called at the start of every tick, for subjects that read remote state. Default: none. */
  refresh?(): Promise<void>;
}

/** Options of {@link rolloutController}. */
export interface RolloutControllerOptions {
  /** The router (or fleet view) of the route. */
  readonly router: ControllerSubject;
  /** Where decisions go. One writer per route. */
  readonly writer: RolloutWriter;
  /** Time of the step durations. Default: the wall clock (`Date.now()`), the clock of a file's audit log. */
  readonly clock?: Clock;
  /** How often the controller ticks by itself, ms; 0 for no timer (call `tick()`). Default: 60000. */
  readonly intervalMs?: number;
  /** Who the audit trail names. Default: `"modelroute-controller"`. */
  readonly actor?: string;
  /** Where the decision counter goes. Default: the global meter provider, taken at each decision. */
  readonly meterProvider?: MeterProvider;
}

/** A decision as the controller emits it. */
export interface ControllerDecision extends StageDecision {
  readonly route: string;
  /** When, on the controller's clock. */
  readonly at: number;
  /** Whether the writer changed the route document for the staged rollout's decision. */
  readonly changed: boolean;
  /**
   * The gate's promotion written (or tried) at this tick, in `gate.mode: "auto"`: once per document
   * version and challenger; one with an `error` is tried again at the next tick. Undefined otherwise.
   */
  readonly promotion?: AutoPromotion;
}

/** The controller's events. */
export interface ControllerEvents {
  /** Every tick's decision, `wait` included. */
  decision: (decision: ControllerDecision) => void;
  /**
   * The gate promoted a challenger (`gate.mode: "auto"`), or tried and failed (`promotion.error`; the
   * next tick tries again). Also in the tick's decision, as `promotion`.
   */
  promotion: (promotion: AutoPromotion) => void;
  /**
   * A tick that failed (the analysis, the subject's refresh or the writer threw), or a gate promotion that
   * could not be written (the tick went on); the next tick tries again.
   */
  error: (error: unknown) => void;
}

/** A running staged-rollout controller. */
export interface RolloutController extends EventEmitter<ControllerEvents> {
  /**
   * Evaluates once now: promotes a ready challenger in `gate.mode: "auto"`, then decides the staged
   * rollout, writes (advance, rollback, complete; holds as notes) and reports.
   */
  tick(): Promise<ControllerDecision>;
  /** Stops the timer. Idempotent. */
  close(): void;
}

const wallClock: Clock = { now: () => Date.now() };
const counters = new WeakMap<MeterProvider, Counter>();

function decisionCounter(provider: MeterProvider): Counter {
  let counter = counters.get(provider);
  if (counter === undefined) {
    const spec = INSTRUMENTS.controllerDecisions;
    counter = provider
      .getMeter(METER_NAME)
      .createCounter(spec.name, { unit: spec.unit, description: spec.description });
    counters.set(provider, counter);
  }
  return counter;
}

/**
 * Advances a route's staged rollout by itself (see `decideStage` for the rules): on its timer, or on
 * `tick()`. Each decision is emitted (`decision`), counted (`modelroute.controller.decisions`) and, when it
 * changes the document or holds, written through the writer with its evidence. Waits are only emitted
 * and counted; a hold is noted once per document version and reason. With `gate.mode: "auto"` in the
 * document and a subject with `gateStatus()`, a ready challenger is first promoted through the writer
 * (a `promote` request with the gate's evidence; see docs/champion-challenger.md), emitted (`promotion`)
 * and counted (action `promote`).
 */
export function rolloutController(options: RolloutControllerOptions): RolloutController {
  const { router, writer } = options;
  const clock = options.clock ?? wallClock;
  const actor = options.actor ?? 'modelroute-controller';
  const emitter = new EventEmitter<ControllerEvents>() as RolloutController;
  // When the version in force was first seen (its step's start), and when this controller last wrote.
  let seen: { version: string | undefined; since: number } | undefined;
  let ownWriteAt: number | undefined;
  let running: Promise<ControllerDecision> | undefined;
  const promote = gatePromoter(router, writer, actor, (error) => emitter.emit('error', error));

  async function stepStart(now: number): Promise<number> {
    const version = router.configVersion;
    if (seen === undefined || seen.version !== version) {
      const since = ownWriteAt ?? (await writer.lastChange?.(router.route)) ?? now;
      ownWriteAt = undefined;
      seen = { version, since: Math.min(since, now) };
    }
    return seen.since;
  }

  async function evaluate(): Promise<ControllerDecision> {
    await router.refresh?.();
    const now = clock.now();
    const provider = options.meterProvider ?? (await loadOtelApi()).metrics.getMeterProvider();
    const promotion = await promote();
    if (promotion !== undefined) {
      if (promotion.changed) {
        ownWriteAt = now;
        decisionCounter(provider).add(1, {
          [ATTR.route]: router.route,
          [ATTR.controllerAction]: 'promote',
          [ATTR.controllerOutcome]: 'successful',
        });
      }
      emitter.emit('promotion', promotion);
    }
    const decision = decideStage({
      document: router.document,
      version: router.configVersion,
      analysis: await router.analysis(),
      guard: router.guardStatus(),
      stepStartedAt: await stepStart(now),
      now,
    });
    let changed = false;
    if (decision.action !== 'wait') {
      const command = decision.action;
      const result = await writer.write({
        route: router.route,
        command,
        edit: stageEdit(decision),
        actor,
        reason: decision.reason,
        evidence: decision,
      });
      changed = result.changed;
      if (changed) ownWriteAt = now;
    }
    decisionCounter(provider).add(1, {
      [ATTR.route]: router.route,
      [ATTR.controllerAction]: decision.action,
      [ATTR.controllerOutcome]: decision.outcome,
    });
    const reported: ControllerDecision = {
      ...decision,
      route: router.route,
      at: now,
      changed,
      ...(promotion === undefined ? {} : { promotion }),
    };
    emitter.emit('decision', reported);
    return reported;
  }

  emitter.tick = () => {
    // Ticks never overlap: a tick asked for while one runs gets that one's decision.
    running ??= evaluate().finally(() => {
      running = undefined;
    });
    return running;
  };

  const intervalMs = options.intervalMs ?? 60_000;
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          emitter.tick().catch((error: unknown) => emitter.emit('error', error));
        }, intervalMs)
      : undefined;
  timer?.unref();
  emitter.close = () => {
    if (timer !== undefined) clearInterval(timer);
  };
  return emitter;
}
