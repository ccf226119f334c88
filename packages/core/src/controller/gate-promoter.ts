import type { GateEvidence, GateStatus } from '../gate/evaluate-gate.js';
import type { RouteDocument } from '../rollout/schema.js';
import { promotionEdit } from './promotion-edit.js';
import type { RolloutWriter } from './rollout-writer.js';

/** What the gate's promotion did at one tick of a controller (`ControllerDecision.promotion`). */
export interface AutoPromotion {
  readonly challenger: string;
  /** The champion it replaces (the one the gate compared against). */
  readonly champion: string;
  /** The document version the gate judged. */
  readonly version: string | undefined;
  readonly reason: string;
  readonly evidence: GateEvidence;
  /** True when the writer changed the document; false when it was already so, or failed (`error`). */
  readonly changed: boolean;
  /** Why the write failed (a locked or invalid file, a refused model); the next tick tries again. */
  readonly error?: string;
}

/** The part of a controller's subject the gate step reads. */
export interface GateSubject {
  readonly route: string;
  readonly document: RouteDocument | undefined;
  readonly configVersion: string | undefined;
  gateStatus?(): GateStatus | undefined | Promise<GateStatus | undefined>;
}

/**
 * The auto-mode promotion step of a controller: when the document in force says `gate.mode: "auto"` and
 * the subject's gate is ready, writes a `promote` request (see {@link promotionEdit}) as `actor` with the
 * gate's reason and evidence. Once per document version and challenger: a written promotion is not
 * written again, a failed one is reported (returned with `error`, and the error handed to `onError`) and
 * tried again at the next call.
 * Manual mode (the default) never writes.
 */
export function gatePromoter(
  subject: GateSubject,
  writer: RolloutWriter,
  actor: string,
  onError: (error: unknown) => void = () => {},
): () => Promise<AutoPromotion | undefined> {
  const written = new Set<string>();
  return async () => {
    if (subject.document?.gate?.mode !== 'auto' || subject.gateStatus === undefined) return undefined;
    const version = subject.configVersion;
    const status = await subject.gateStatus();
    const evidence = status?.evidence;
    if (status?.ready !== true || evidence === undefined) return undefined;
    const key = `${version}\u0000${evidence.challenger}`;
    if (written.has(key)) return undefined;
    const { challenger, champion } = evidence;
    const base = { challenger, champion, version, reason: status.reason, evidence };
    try {
      const result = await writer.write({
        route: subject.route,
        command: 'promote',
        challenger,
        edit: promotionEdit(evidence),
        actor,
        reason: status.reason,
        evidence,
      });
      written.add(key);
      return { ...base, changed: result.changed };
    } catch (error) {
      onError(error);
      return { ...base, changed: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}
