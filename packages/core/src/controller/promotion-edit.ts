import type { GateEvidence } from '../gate/evaluate-gate.js';
import { promoteRoute } from '../rollout/promote-route.js';
import type { RouteDocument } from '../rollout/schema.js';

/**
 * The change an auto-mode promotion makes: core's {@link promoteRoute} (what `modelroute promote` writes),
 * as a compare-and-set. A document whose champion is no longer the one the gate compared against, whose
 * challenger takes no traffic any more, or whose gate is no longer in auto mode (someone changed it in
 * between, or this promotion was already written), is left alone, so a late or repeated write does no
 * harm and a person's switch to manual mode always wins.
 */
export function promotionEdit(evidence: GateEvidence): (doc: RouteDocument) => RouteDocument {
  const { champion, challenger } = evidence;
  return (doc) =>
    doc.champion === champion && (doc.weights[challenger] ?? 0) > 0 && doc.gate?.mode === 'auto'
      ? promoteRoute(doc, challenger)
      : doc;
}
