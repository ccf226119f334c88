import { promoteRoute, type RouteDocument } from '@modelroute/core';
import { changeRoute, type ChangeOptions, type ChangeResult } from '../file/change-file.js';
import { requireKnown } from './require-known.js';
import { describeChange } from './weights-summary.js';

/** Options of {@link promoteFile}. */
export interface PromoteOptions extends ChangeOptions {
  /**
   * Allow a model the route does not name yet (`--force`). Default: false: such a name is refused (exit 1),
   * since a typo would make every router reject the document and keep the old one.
   */
  force?: boolean;
}

/**
 * Makes `variant` the champion of `route` with all its traffic; the previous champion becomes
 * `rollbackTo` (where the guard sends traffic if the new champion trips) and keeps weight 0. Promoting a
 * staged rollout's candidate ends the rollout (its `stages` go).
 */
export function promoteFile(
  file: string,
  route: string,
  variant: string,
  options: PromoteOptions = {},
): Promise<ChangeResult> {
  return changeRoute(
    file,
    route,
    'promote',
    (doc: RouteDocument) => {
      requireKnown(doc, route, variant, options.force);
      return promoteRoute(doc, variant);
    },
    describeChange,
    options,
  );
}
