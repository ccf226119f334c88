import { type RouteDocument, routeVersion as versionWith } from '@modelroute/core';
import { loadHasher } from '@modelroute/core/spec';

/**
 * The version routers report for a route (`decision.configVersion`): core's rule (its `version` label,
 * else the hash of its validated content), with the hasher loaded here.
 */
export async function routeVersion(doc: RouteDocument): Promise<string> {
  return versionWith(await loadHasher(), doc);
}
