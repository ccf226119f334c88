import { buildAssignmentTable, type AssignmentTable } from '../assignment/weighted-rendezvous.js';
import type { Hash32 } from '../assignment/hasher.js';
import type { GuardConfig, RouteDocument, ShadowTarget } from '../rollout/schema.js';
import { routeVersion } from '../rollout/route-version.js';

/**
 * A route document compiled for the hot path: everything a call needs is computed here, once per
 * applied document, so that `predict()` does no parsing, no sorting and no allocation of shared state.
 */
export interface RouteSnapshot {
  readonly route: string;
  readonly version: string;
  readonly document: RouteDocument;
  readonly champion: string;
  readonly table: AssignmentTable;
  readonly shares: Readonly<Record<string, number>>;
  readonly overrides: ReadonlyMap<string, string>;
  /** The document's shadow targets with a fraction above 0 (the others never mirror a call). */
  readonly shadow: readonly ShadowTarget[];
  readonly guard: GuardConfig | undefined;
  readonly rollbackTo: string | undefined;
}

/** Every model id a route document names, with the path that names it (for error messages). */
export function namedModels(route: string, doc: RouteDocument): Array<[path: string, model: string]> {
  const at = `routes.${route}`;
  const named: Array<[string, string]> = [[`${at}.champion`, doc.champion]];
  for (const model of Object.keys(doc.weights)) named.push([`${at}.weights.${model}`, model]);
  for (const [unit, model] of Object.entries(doc.overrides ?? {})) named.push([`${at}.overrides.${unit}`, model]);
  (doc.shadow ?? []).forEach((s, i) => named.push([`${at}.shadow.${i}.model`, s.model]));
  if (doc.rollbackTo !== undefined) named.push([`${at}.rollbackTo`, doc.rollbackTo]);
  return named;
}

/** Compiles a validated route document. */
export function compileRoute(hash: Hash32, route: string, doc: RouteDocument): RouteSnapshot {
  const table = buildAssignmentTable(hash, doc.salt ?? route, doc.weights);
  const shares: Record<string, number> = {};
  table.ids.forEach((id, i) => (shares[id] = table.weights[i]! / table.total));
  const version = routeVersion(hash, doc);
  return {
    route,
    version,
    document: doc,
    champion: doc.champion,
    table,
    shares: Object.freeze(shares),
    overrides: new Map(Object.entries(doc.overrides ?? {})),
    // Only targets that can be sampled: a list of fraction-0 targets is no shadow work at all (the
    // call path's check is then the empty list's length; measured in bench/unused.bench.mjs).
    shadow: (doc.shadow ?? []).filter((target) => target.fraction > 0),
    guard: doc.guard,
    rollbackTo: doc.rollbackTo,
  };
}
