import type { RouteDocument } from './schema.js';

/**
 * The route with `variant` as its champion and all traffic: every other model keeps weight 0, and the
 * previous champion becomes `rollbackTo` (where the guard sends traffic if the new champion trips).
 * A staged rollout of `variant` is over, so its `stages` go.
 */
export function promoteRoute(doc: RouteDocument, variant: string): RouteDocument {
  const weights = Object.fromEntries(Object.keys(doc.weights).map((name) => [name, 0]));
  weights[variant] = 100;
  const rollbackTo = doc.champion !== variant ? doc.champion : doc.rollbackTo;
  if (weights[doc.champion] === undefined && doc.champion !== variant) weights[doc.champion] = 0;
  const next: RouteDocument = { ...doc, champion: variant, weights };
  if (rollbackTo !== undefined && rollbackTo !== variant) next.rollbackTo = rollbackTo;
  else delete next.rollbackTo;
  if (next.stages?.candidate === variant) delete next.stages;
  return next;
}
