import type { GuardTrigger } from '../vocabulary/outcomes.js';
import type { ResolvedGuardConfig } from './guard-config.js';

export const CLOSED = 0;
export const OPEN = 1;
export const HALF_OPEN = 2;

/**
 * The circuit of every variant of one guard, by index (like `GuardLayout.ids`): its state, when it
 * tripped and why, and its half-open probe round. Typed arrays, so that the per-call checks read a
 * number and allocate nothing. Internal to the guard: `RouteGuard` is its only user.
 *
 * Half-open: an open variant becomes half-open `cooldownMs` after its trip (`RouteGuard.redirect`
 * and `status` only read this; the first admitted probe makes it so). A probe is a call admitted to it by
 * `redirect` + `admit` after that: calls started before the trip never count, whenever they finish.
 * At most `probeCalls` probes are admitted per round; when the round's budget is used up and no probe
 * has been admitted or has settled for `cooldownMs` (a probe hangs: no `timeoutMs`), the round is
 * abandoned and a fresh round of `probeCalls` probes starts. A failing probe of any round trips the
 * variant again; only passes of the current round count towards recovery.
 */
export class Circuits {
  /** Number of variants not closed: zero means nothing is redirected. */
  notClosed = 0;
  readonly state: Uint8Array;
  /** When each variant last tripped (NaN: never). */
  readonly since: Float64Array;
  readonly triggers: Array<GuardTrigger | undefined>;
  readonly probesAdmitted: Uint32Array;
  readonly probesPassed: Uint32Array;
  // Half-open: when the current probe round started, and its last admission or settled probe.
  readonly roundAt: Float64Array;
  readonly lastProbeAt: Float64Array;

  constructor(
    size: number,
    private readonly config: ResolvedGuardConfig,
  ) {
    this.state = new Uint8Array(size);
    this.since = new Float64Array(size).fill(Number.NaN);
    this.triggers = Array.from({ length: size }, () => undefined);
    this.probesAdmitted = new Uint32Array(size);
    this.probesPassed = new Uint32Array(size);
    this.roundAt = new Float64Array(size);
    this.lastProbeAt = new Float64Array(size);
  }

  /** Takes variant `v` out of traffic (again). */
  open(v: number, trigger: GuardTrigger, now: number): void {
    if (this.state[v] === CLOSED) this.notClosed++;
    this.state[v] = OPEN;
    this.since[v] = now;
    this.triggers[v] = trigger;
  }

  /** Puts variant `v` back into traffic. */
  close(v: number): void {
    if (this.state[v] !== CLOSED) this.notClosed--;
    this.state[v] = CLOSED;
  }

  /**
   * Whether a call of tripped variant `v` now goes to it as a probe: its cool-down is over and the
   * round has budget left, or the round's probes have all been admitted but none moved for cooldownMs.
   */
  probeDue(v: number, now: number): boolean {
    if (this.config.recovery !== 'half-open') return false;
    if (this.state[v] === OPEN) return now - this.since[v]! >= this.config.cooldownMs;
    return this.probesAdmitted[v]! < this.config.probeCalls || now - this.lastProbeAt[v]! >= this.config.cooldownMs;
  }

  /**
   * Counts a probe admitted to `v` (which `probeDue`): the first moves it to half-open (returns true),
   * and a round whose budget is used up starts afresh.
   */
  admitProbe(v: number, now: number): boolean {
    const first = this.state[v] === OPEN;
    if (first) this.state[v] = HALF_OPEN;
    if (first || this.probesAdmitted[v]! >= this.config.probeCalls) {
      this.roundAt[v] = now;
      this.probesAdmitted[v] = 0;
      this.probesPassed[v] = 0;
    }
    this.probesAdmitted[v]!++;
    this.lastProbeAt[v] = now;
    return first;
  }

  /** Opens `v` with the trip time and trigger of variant `p` of `previous` (a carried-over trip). */
  carry(v: number, previous: Circuits, p: number): void {
    this.open(v, previous.triggers[p]!, previous.since[p]!);
  }
}
