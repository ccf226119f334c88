import type { RouteDocument } from '../rollout/schema.js';
import { promoteRoute } from '../rollout/promote-route.js';
import { candidateShare, weightsWithCandidateAt } from '../rollout/stage-weights.js';
import type { StageDecision } from './decide-stage.js';

const EPSILON = 1e-6;

/**
 * The change a decision makes to the route document, or undefined for one that changes nothing (hold,
 * wait). The edit is a compare-and-set: it leaves a document alone whose candidate or share is no longer
 * the one the decision saw (someone changed it in between), so a late or repeated write does no harm.
 */
export function stageEdit(decision: StageDecision): ((doc: RouteDocument) => RouteDocument) | undefined {
  const { candidate, share } = decision.evidence;
  if (candidate === undefined) return undefined;
  const unchanged = (doc: RouteDocument): boolean =>
    doc.stages?.candidate === candidate && Math.abs(candidateShare(doc, candidate) - share) < EPSILON;
  const next = decision.step?.nextWeight;
  switch (decision.action) {
    case 'advance':
      if (next === undefined) return undefined;
      return (doc) => (unchanged(doc) ? { ...doc, weights: weightsWithCandidateAt(doc, candidate, next) } : doc);
    case 'rollback':
      return (doc) => (unchanged(doc) ? { ...doc, weights: weightsWithCandidateAt(doc, candidate, 0) } : doc);
    case 'complete':
      return (doc) => {
        if (!unchanged(doc)) return doc;
        if ((doc.stages?.onComplete ?? 'promote') === 'promote') return promoteRoute(doc, candidate);
        const { stages: _done, ...rest } = doc;
        return rest;
      };
    default:
      return undefined;
  }
}
