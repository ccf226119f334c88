import type { RouteDocument } from '@modelroute/core';
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
 * `rollbackTo` (where the guard sends traffic if the new champion trips) and keeps weight 0. A model
 * promoted from the route's shadows leaves them.
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
      const weights = Object.fromEntries(Object.keys(doc.weights).map((name) => [name, 0]));
      weights[variant] = 100;
      const rollbackTo = doc.champion !== variant ? doc.champion : doc.rollbackTo;
      if (weights[doc.champion] === undefined && doc.champion !== variant) weights[doc.champion] = 0;
      const next: RouteDocument = { ...doc, champion: variant, weights };
      // A model answering every call is no longer its own shadow.
      const shadow = doc.shadow?.filter((s) => s.model !== variant);
      if (shadow === undefined || shadow.length === 0) delete next.shadow;
      else next.shadow = shadow;
      if (rollbackTo !== undefined && rollbackTo !== variant) next.rollbackTo = rollbackTo;
      else delete next.rollbackTo;
      return next;
    },
    describeChange,
    options,
  );
}
