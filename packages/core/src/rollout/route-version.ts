import type { Hash32 } from '../assignment/hasher.js';
import type { RouteDocument } from './schema.js';

/**
 * The version a router reports for a validated route document (`configVersion`, and the label of the
 * figures keyed by version): its `version` label, else a hash of its content. A fleet tool that reads
 * the file computes the same value, so it can match the fleet's metrics to the document in force.
 */
export function routeVersion(hash: Hash32, doc: RouteDocument): string {
  return doc.version ?? hash(JSON.stringify(doc), 0).toString(16).padStart(8, '0');
}
