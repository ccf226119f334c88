import type { RouteDocument } from '@modelroute/core';
import { changeRoute, type ChangeOptions, type ChangeResult } from '../file/change-file.js';
import { requireKnown } from './require-known.js';
import { describeChange } from './weights-summary.js';

/** Options of {@link rollbackFile}. */
export interface RollbackOptions extends ChangeOptions {
  /** The variant that takes all traffic (`--to`). Default: the route's `champion`. */
  to?: string;
  /**
   * Allow a model the route does not name yet (`--force`). Default: false: such a name is refused (exit 1),
   * since a typo would make every router reject the document and keep the old one.
   */
  force?: boolean;
}

/**
 * Sends all of `route`'s traffic to its champion, or to `to`: that model gets weight 100 and every
 * other weight becomes 0 (kept in the document, so the rollout can resume with `set`). Every router
 * watching the file follows within its poll interval.
 */
export function rollbackFile(file: string, route: string, options: RollbackOptions = {}): Promise<ChangeResult> {
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
