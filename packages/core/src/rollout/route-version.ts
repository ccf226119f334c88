import type { Hash32 } from '../assignment/hasher.js';
import type { RouteDocument } from './schema.js';

/**
 * The version a router reports for a route document (`decision.configVersion`, the `feature_flag.version`
 * of experiment counters): its `version` label, else the hash of its JSON text, 8 hex digits.
 */
export function routeVersion(hash: Hash32, doc: RouteDocument): string {
  return doc.version ?? hash(JSON.stringify(doc), 0).toString(16).padStart(8, '0');
}
