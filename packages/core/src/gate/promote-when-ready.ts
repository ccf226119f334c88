import type { GateConfig } from '../rollout/gate-schema.js';
import type { GateEvidence, GateStatus } from './evaluate-gate.js';

/** What a promotion writer is told: who promotes (`'gate'`) and why. */
export interface GatePromotion {
  readonly actor: 'gate';
  readonly reason: string;
  readonly evidence: GateEvidence;
}

/**
 * Writes a promotion to the control plane: the CLI library's `promoteFile(file, route, challenger,
 * { approve: true, ...promotion })` (audited, hash-chained history), or a memory writer in tests.
 */
export type PromoteWriter = (route: string, challenger: string, promotion: GatePromotion) => Promise<unknown>;

/**
 * The auto mode's step: when the gate says ready and the route's `gate.mode` is `"auto"`, promotes the
 * challenger through `write`, as actor `gate`, with the evidence (the writer makes the old champion
 * `rollbackTo` and lets the other challengers keep their fraction). Returns true when it wrote.
 * Manual mode (the default) never writes: a person runs `modelroute promote --approve`.
 */
export async function promoteWhenReady(
  status: GateStatus,
  gate: GateConfig | undefined,
  write: PromoteWriter,
): Promise<boolean> {
  if (gate?.mode !== 'auto' || !status.ready || status.challenger === undefined || status.evidence === undefined)
    return false;
  await write(status.route, status.challenger, { actor: 'gate', reason: status.reason, evidence: status.evidence });
  return true;
}
