/**
 * The bounded labels of what happened, shared by the router and every concern below it (guard, shadow,
 * telemetry): call roles and outcomes, shadow drops and comparisons, guard triggers and states, delegate failures.
 */

/** The role of a model call: the primary answer, a shadow copy, or the champion answering after a candidate failed. */
export type CallRole = 'primary' | 'shadow' | 'failover';
/** How a model call ended. */
export type CallOutcome = 'ok' | 'error' | 'invalid' | 'timeout';
/** Why shadow work was dropped. */
export type ShadowDropReason = 'capacity' | 'timeout' | 'sink' | 'closed';
/** How a shadow output compared with the primary's. */
export type ShadowComparison = 'agree' | 'disagree' | 'error';
/** The guard's hard triggers. */
export type GuardTrigger = 'error_rate' | 'p99_latency' | 'invalid_rate';
/** The guard's state for one variant: `closed` (in traffic), `open` (tripped, out of traffic), `half_open` (probing). */
export type GuardCircuitState = 'closed' | 'open' | 'half_open';

/** Why a delegate's answer could not be used: it threw (or rejected), or it named no model of the router. */
export type DelegateFailure = 'error' | 'unknown_model' | 'timeout';
