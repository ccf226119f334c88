import type { RouteDocument } from '@modelroute/core';
import { CliError } from '../cli-error.js';
import { routeVariants } from '../file/rollout-file.js';

/**
 * Refuses a model the route does not name yet: a typo would otherwise reach every router, which
 * rejects a document naming a model it does not have and keeps the old one. `force` lets it through.
 */
export function requireKnown(doc: RouteDocument, route: string, model: string, force: boolean | undefined): void {
  const known = routeVariants(doc);
  if (force || known.includes(model)) return;
  throw new CliError(
    1,
    `refused: route "${route}" names no model "${model}" (it names ${known.join(', ')}); check the spelling, or pass --force if every router has this model`,
  );
}
