import type { RouteDocument } from '@modelroute/core';
import { loadHasher } from '@modelroute/core/spec';

/**
 * The version routers report for a route (`decision.configVersion`): its `version` label, else the
 * hash of its validated content, as the router computes it.
 */
export async function routeVersion(doc: RouteDocument): Promise<string> {
  if (doc.version !== undefined) return doc.version;
  const hash = await loadHasher();
  return hash(JSON.stringify(doc), 0).toString(16).padStart(8, '0');
}
