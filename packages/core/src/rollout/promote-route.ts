import type { RouteDocument } from './schema.js';

/**
 * The route with `variant` as its champion: it takes the old champion's weight on top of its own, the
 * other models keep theirs, and the old champion becomes `rollbackTo` (where the guard sends traffic if
 * the new champion trips) with weight 0. A model promoted from the route's shadows leaves them, and a
 * staged rollout of `variant` is over, so its `stages` go. What `modelroute promote` and a completed
 * staged rollout (`onComplete: "promote"`) write.
 */
export function promoteRoute(doc: RouteDocument, variant: string): RouteDocument {
  const weights = { ...doc.weights };
  if (doc.champion !== variant) {
    weights[variant] = (weights[variant] ?? 0) + (weights[doc.champion] ?? 0);
    weights[doc.champion] = 0;
  }
  const rollbackTo = doc.champion !== variant ? doc.champion : doc.rollbackTo;
  const next: RouteDocument = { ...doc, champion: variant, weights };
  if (rollbackTo !== undefined && rollbackTo !== variant) next.rollbackTo = rollbackTo;
  else delete next.rollbackTo;
  // A model answering calls as the champion is no longer its own shadow.
  const shadow = doc.shadow?.filter((s) => s.model !== variant);
  if (shadow === undefined || shadow.length === 0) delete next.shadow;
  else next.shadow = shadow;
  if (next.stages?.candidate === variant) delete next.stages;
  return next;
}
