import { systemClock, type Clock } from '../clock/clock.js';
import type { RouteSnapshot } from '../vocabulary/route-snapshot.js';
import type { CallOutcome, GuardTrigger } from '../vocabulary/outcomes.js';
import { CLOSED, Circuits, HALF_OPEN, OPEN } from './circuits.js';
import { resolveGuardConfig, type ResolvedGuardConfig } from './guard-config.js';
import type { GuardChange, GuardState, GuardVariantStatus, RecoveredEvent, TripEvent } from './guard-events.js';
import { guardLayout } from './guard-layout.js';
import { buildRecoveredEvent, buildTripEvent, buildVariantStatus, type GuardReportContext } from './guard-reports.js';
import { SlidingWindows } from './sliding-window.js';
import { firedTrigger } from './triggers.js';

const STATE_NAMES: readonly GuardState[] = ['closed', 'open', 'half-open'];

/** What a guard is built from: a compiled route snapshot fits (the router passes its own). */
export type RouteGuardInput = Pick<RouteSnapshot, 'route' | 'version' | 'champion' | 'rollbackTo' | 'guard'> & {
  readonly table: { readonly ids: readonly string[] };
};

/**
 * The local circuit breaker of one route under one document version: created when the document is
 * applied (windows start afresh; trips carry over, see `nextGuard`), fed by every primary and
 * failover call, consulted by every decision. Per variant (indexed like `snapshot.table.ids`, then the
 * champion and `rollbackTo` if they take no weight) it keeps a sliding window and a state: closed, open
 * (tripped) or half-open (see {@link Circuits}). Who is guarded, and where its traffic goes when it
 * trips: see {@link guardLayout}.
 *
 * Costs: `record` is O(1) with no allocation unless something trips; triggers are evaluated on every
 * call from running totals. `redirect` is consulted only while some variant is not closed, and changes
 * nothing (so `router.decide()` records nothing). Internal: a router creates its own (`nextGuard`).
 */
export class RouteGuard {
  readonly route: string;
  readonly version: string;
  readonly config: ResolvedGuardConfig;
  /** Variants known to the guard, by index. */
  readonly ids: readonly string[];
  private readonly index: Map<string, number>;
  private readonly ref: Int32Array;
  private readonly isGuarded: Uint8Array;
  private readonly champion: number;
  private readonly rollbackTo: number;
  private readonly circuits: Circuits;
  // The circuits' states, read on every call (the same array as `circuits.state`).
  private readonly state: Uint8Array;
  private readonly clock: Clock;
  private readonly windows: SlidingWindows;
  // What trip and recovery events and status figures are built from (off the per-call path).
  private readonly reports: GuardReportContext;
  private readonly onState: (variant: string, state: GuardState) => void;

  /**
   * `onState` hears every state change (for the state gauge); it must not throw. `clock` times
   * `admit` when it is given no `now` (default: {@link systemClock}; a router passes its own).
   */
  constructor(
    snapshot: RouteGuardInput,
    onState: (variant: string, state: GuardState) => void = () => {},
    clock: Clock = systemClock,
  ) {
    this.onState = onState;
    this.clock = clock;
    this.route = snapshot.route;
    this.version = snapshot.version;
    this.config = resolveGuardConfig(snapshot.guard ?? {});
    // Copied into own fields, not kept as an object: the per-call methods read them directly.
    ({
      ids: this.ids,
      index: this.index,
      champion: this.champion,
      rollbackTo: this.rollbackTo,
      ref: this.ref,
      isGuarded: this.isGuarded,
    } = guardLayout(snapshot.table.ids, snapshot.champion, snapshot.rollbackTo));
    const ids = this.ids;
    this.circuits = new Circuits(ids.length, this.config);
    this.state = this.circuits.state;
    this.windows = new SlidingWindows(ids.length, this.config.windowMs, this.config.p99LatencyMs);
    this.reports = {
      route: this.route,
      version: this.version,
      ids,
      config: this.config,
      windows: this.windows,
      ref: this.ref,
      isGuarded: this.isGuarded,
      since: this.circuits.since,
      triggers: this.circuits.triggers,
    };
  }

  /** Number of variants not closed: zero means `redirect` has nothing to do. */
  get notClosed(): number {
    return this.circuits.notClosed;
  }

  /**
   * Where a call assigned to `variant` goes instead, or undefined when the variant takes it (closed,
   * or a probe is due). Changes nothing: `admit` counts the probe. Call only when `notClosed > 0`.
   */
  redirect(variant: string, now: number): string | undefined {
    const v = this.index.get(variant);
    if (v === undefined || this.state[v] === CLOSED || this.circuits.probeDue(v, now)) return undefined;
    return this.target(v);
  }

  /**
   * Counts a call that `redirect` let through to a tripped variant as one of its probes (moving it to
   * half-open on the first, and starting a fresh round when the last one is abandoned). A call of a
   * closed variant, or one that is no longer due a probe, is left alone. `at`: now, on the router's
   * clock (default: the guard's clock, read only when the variant is not closed).
   */
  admit(variant: string, at?: number): void {
    const v = this.index.get(variant);
    if (v === undefined || this.state[v] === CLOSED) return; // the common case reads no clock
    const now = at ?? this.clock.now();
    if (this.circuits.probeDue(v, now) && this.circuits.admitProbe(v, now)) this.onState(variant, 'half-open');
  }

  /** The model that answers for `variant` when it fails and `failover` is on; undefined otherwise. */
  failoverTarget(variant: string): string | undefined {
    if (!this.config.failover) return undefined;
    const v = this.index.get(variant);
    return v !== undefined && this.guarded(v) ? this.target(v) : undefined;
  }

  /** The timeout of a call of `variant`, ms: `timeoutMs` for guarded variants, 0 (none) otherwise. */
  timeoutFor(variant: string): number {
    if (this.config.timeoutMs === 0) return 0;
    const v = this.index.get(variant);
    return v !== undefined && this.guarded(v) ? this.config.timeoutMs : 0;
  }

  /** Records a primary or failover call; returns what changed (a trip or a recovery), usually undefined. */
  record(variant: string, outcome: CallOutcome, durationMs: number, now: number): GuardChange | undefined {
    const v = this.index.get(variant);
    if (v === undefined) return undefined;
    const failed = outcome === 'error' || outcome === 'timeout';
    this.windows.record(v, now, failed, outcome === 'invalid', durationMs);
    const s = this.state[v];
    if (s === CLOSED) {
      if (this.isGuarded[v] === 0) return undefined;
      const trigger = firedTrigger(this.windows, v, this.ref[v]!, this.config, now);
      return trigger === undefined ? undefined : this.trip(v, trigger, 'window', now, undefined);
    }
    if (s !== HALF_OPEN) return undefined;
    // Probes start at least cooldownMs after the trip, and a fresh round at least cooldownMs after the
    // last call of the round before it: half of that tells them apart from older calls, robustly.
    const started = now - durationMs;
    const half = this.config.cooldownMs / 2;
    const c = this.circuits;
    if (started <= c.since[v]! + half) return undefined; // started before the trip: not a probe
    const probeTrigger: GuardTrigger | undefined = failed
      ? 'error_rate'
      : outcome === 'invalid'
        ? 'invalid_rate'
        : durationMs > this.config.p99LatencyMs
          ? 'p99_latency'
          : undefined;
    if (probeTrigger !== undefined) return this.trip(v, probeTrigger, 'probe', now, durationMs);
    if (started < c.roundAt[v]! - half) return undefined; // a late pass of an abandoned round
    c.lastProbeAt[v] = now;
    if (++c.probesPassed[v]! < this.config.probeCalls) return undefined;
    return { kind: 'recovered', event: this.close(v, 'half-open', now) };
  }

  /** Puts a tripped variant back into traffic with an empty window; undefined when it was not tripped. */
  reset(variant: string, now: number): RecoveredEvent | undefined {
    const v = this.index.get(variant);
    if (v === undefined || this.state[v] === CLOSED) return undefined;
    return this.close(v, 'manual', now);
  }

  /**
   * Keeps the trips of `previous`, the guard of the document this one replaces, and returns the variants
   * kept. Coming back is explicit (reset or half-open probes), so a new document keeps a variant out when
   * it names the same champion and the same guard config (after defaults) and the variant is still
   * guarded; its trip time (so its cool-down) and trigger carry over, a half-open variant starts a fresh
   * probe round, and windows start afresh. Call once, right after construction (`nextGuard` does).
   */
  carryTrips(previous: RouteGuard | undefined): string[] {
    if (
      previous === undefined ||
      previous.notClosed === 0 ||
      previous.ids[previous.champion] !== this.ids[this.champion]
    )
      return [];
    for (const key of Object.keys(this.config) as Array<keyof ResolvedGuardConfig>)
      if (!Object.is(previous.config[key], this.config[key])) return [];
    const kept: string[] = [];
    previous.ids.forEach((variant, p) => {
      const v = this.index.get(variant);
      if (previous.state[p] === CLOSED || v === undefined || !this.guarded(v) || this.state[v] !== CLOSED) return;
      this.circuits.carry(v, previous.circuits, p);
      kept.push(variant);
    });
    return kept;
  }

  /** Every variant's state and window; an open variant whose cool-down is over shows as half-open. Changes nothing. */
  status(now: number): GuardVariantStatus[] {
    return this.ids.map((_, v) =>
      buildVariantStatus(
        this.reports,
        v,
        STATE_NAMES[this.state[v] === OPEN && this.circuits.probeDue(v, now) ? HALF_OPEN : this.state[v]!]!,
        now,
      ),
    );
  }

  /** The variants that are not closed. */
  notClosedVariants(): string[] {
    return this.ids.filter((_, v) => this.state[v] !== CLOSED);
  }

  private guarded(v: number): boolean {
    return this.isGuarded[v] === 1;
  }

  // Where v's traffic goes while it is out: the champion unless the champion is out too, then rollbackTo.
  private target(v: number): string {
    const c = this.champion;
    if (v !== c && v !== this.rollbackTo && (this.state[c] === CLOSED || this.rollbackTo < 0)) return this.ids[c]!;
    return this.ids[this.rollbackTo >= 0 ? this.rollbackTo : c]!;
  }

  private trip(
    v: number,
    trigger: GuardTrigger,
    phase: TripEvent['phase'],
    now: number,
    probeMs: number | undefined,
  ): GuardChange {
    this.circuits.open(v, trigger, now);
    this.onState(this.ids[v]!, 'open');
    return { kind: 'trip', event: buildTripEvent(this.reports, v, trigger, phase, this.target(v), now, probeMs) };
  }

  private close(v: number, how: RecoveredEvent['how'], now: number): RecoveredEvent {
    this.circuits.close(v);
    this.windows.clear(v);
    this.onState(this.ids[v]!, 'closed');
    return buildRecoveredEvent(this.reports, v, how, now);
  }
}
