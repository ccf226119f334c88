import type { Attributes } from '@opentelemetry/api';
import type { DecisionReason } from '../vocabulary/decision.js';
import { ATTR } from './instruments.js';
import type {
  CallOutcome,
  CallRole,
  GuardCircuitState,
  GuardTrigger,
  ShadowComparison,
  ShadowDropReason,
} from '../vocabulary/outcomes.js';

/** Every value of every bounded attribute, in a fixed order (the index into a slot's arrays). */
export const REASONS: readonly DecisionReason[] = ['weighted', 'random', 'override', 'guard', 'delegate', 'fallback'];
export const ROLES: readonly CallRole[] = ['primary', 'shadow', 'failover'];
export const OUTCOMES: readonly CallOutcome[] = ['ok', 'error', 'invalid', 'timeout'];
export const DROP_REASONS: readonly ShadowDropReason[] = ['capacity', 'timeout', 'sink', 'closed'];
export const COMPARISONS: readonly ShadowComparison[] = ['agree', 'disagree', 'error'];
export const TRIGGERS: readonly GuardTrigger[] = ['error_rate', 'p99_latency', 'invalid_rate'];
export const STATES: readonly GuardCircuitState[] = ['closed', 'open', 'half_open'];

const indexOf = <T extends string>(values: readonly T[]): Readonly<Record<T, number>> =>
  Object.fromEntries(values.map((v, i) => [v, i])) as Record<T, number>;

export const REASON_INDEX = indexOf(REASONS);
export const DROP_INDEX = indexOf(DROP_REASONS);
export const COMPARISON_INDEX = indexOf(COMPARISONS);
export const TRIGGER_INDEX = indexOf(TRIGGERS);

// Role × outcome → the attribute object of the duration histogram: nested objects of one shape, so the
// call path does two monomorphic property loads and builds nothing.
type CallAttributes = Readonly<Record<CallRole, Readonly<Record<CallOutcome, Attributes>>>>;

/**
 * One model of one router: its precomputed attribute objects (built once, when the router is created,
 * because a router's models are fixed) and the counts kept locally and exported by observable instruments.
 */
export class ModelSlot {
  readonly base: Attributes;
  readonly calls: CallAttributes;
  readonly reasonAttributes: readonly Attributes[];
  readonly dropAttributes: readonly Attributes[];
  readonly comparisonAttributes: readonly Attributes[];
  readonly tripAttributes: readonly Attributes[];
  readonly stateAttributes: readonly Attributes[];
  readonly decisions: Float64Array = new Float64Array(REASONS.length);
  readonly drops: Float64Array = new Float64Array(DROP_REASONS.length);
  readonly comparisons: Float64Array = new Float64Array(COMPARISONS.length);
  readonly trips: Float64Array = new Float64Array(TRIGGERS.length);
  /** Times the promotion gate opened for this model as the challenger. */
  gateReady = 0;
  /** Share of traffic under the document in force. */
  weight = 0;
  state: GuardCircuitState = 'closed';
  /** Report guard series (with zeros) from the first time the model takes traffic or the guard acts on it. */
  guardListed = false;
  /** Report shadow series (with zeros) from the first shadow event of the model. */
  shadowListed = false;

  constructor(
    readonly route: string,
    readonly model: string,
  ) {
    const base = Object.freeze({ [ATTR.route]: route, [ATTR.variant]: model });
    const withAttr = (key: string, values: readonly string[]): Attributes[] =>
      values.map((v) => Object.freeze({ ...base, [key]: v }));
    this.base = base;
    const calls = {} as Record<CallRole, Record<CallOutcome, Attributes>>;
    for (const role of ROLES) {
      calls[role] = {} as Record<CallOutcome, Attributes>;
      for (const outcome of OUTCOMES)
        calls[role][outcome] = Object.freeze({ ...base, [ATTR.role]: role, [ATTR.outcome]: outcome });
    }
    this.calls = calls;
    this.reasonAttributes = withAttr(ATTR.reason, REASONS);
    this.dropAttributes = withAttr(ATTR.shadowDropReason, DROP_REASONS);
    this.comparisonAttributes = withAttr(ATTR.shadowComparison, COMPARISONS);
    this.tripAttributes = withAttr(ATTR.guardTrigger, TRIGGERS);
    this.stateAttributes = withAttr(ATTR.guardState, STATES);
  }
}
