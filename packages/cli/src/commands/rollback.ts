import type { RouteDocument } from '@modelroute/core';
import { changeRoute, type ChangeOptions, type ChangeResult } from '../file/change-file.js';
import { requireKnown } from './require-known.js';
import { describeChange } from './weights-summary.js';

/**
 * Sends all of `route`'s traffic to its champion, or to `to`: that model gets weight 100 and every
 * other weight becomes 0 (kept in the document, so the rollout can resume with `set`). Every router
 * watching the file follows within its poll interval.
 */
export function rollbackFile(file: string, route: string, options: ChangeOptions & { to?: string; force?: boolean } = {}): Promise<ChangeResult> {
  return changeRoute(
    file,
    route,
    'rollback',
    (doc: RouteDocument) => {
      const target = options.to ?? doc.champion;
      requireKnown(doc, route, target, options.force);
      const weights = Object.fromEntries(Object.keys(doc.weights).map((name) => [name, 0]));
      weights[target] = 100;
      return { ...doc, weights };
    },
    describeChange,
    options,
  );
}
