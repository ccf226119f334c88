import type { RouteDocument } from '@modelroute/core';
import { CliError } from '../cli-error.js';
import { changeRoute, type ChangeOptions, type ChangeResult } from '../file/change-file.js';
import { requireRegistered } from '../registry/model-registry.js';
import { requireKnown } from './require-known.js';
import { describeChange } from './weights-summary.js';

// A decimal number with a digit before any point: 20, 2.5, 1e3. Number() would also take 0x10, .5, 0b1, " ".
const DECIMAL = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/**
 * Parses `variant=weight` arguments; a malformed one is a usage error (exit 2), and so is the name
 * `__proto__` (no rollout document can hold it). A weight out of range (negative, too large) parses, and the
 * document's validation then refuses it with the accepted range. The result has no prototype.
 */
export function parseAssignments(pairs: readonly string[]): Record<string, number> {
  if (pairs.length === 0) throw new CliError(2, 'give at least one variant=weight, e.g. fraud-v3=80 fraud-v4=20');
  const weights: Record<string, number> = Object.create(null);
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const name = pair.slice(0, at);
    const text = pair.slice(at + 1).trim();
    if (at <= 0 || !DECIMAL.test(text))
      throw new CliError(
        2,
        `"${pair}" is not variant=weight (a model id, "=", a decimal number such as 20 or 2.5; no hex, no ".5"), e.g. fraud-v4=20`,
      );
    if (name === '__proto__')
      throw new CliError(
        2,
        `"${pair}": "__proto__" cannot be used as a model id (a rollout document cannot hold that key); rename the model`,
      );
    weights[name] = Number(text);
  }
  return weights;
}

/** Options of {@link setWeights}. */
export interface SetWeightsOptions extends ChangeOptions {
  /**
   * Allow a model the route does not name yet (`--force`). Default: false: such a name is refused (exit 1),
   * since a typo would make every router reject the document and keep the old one.
   */
  force?: boolean;
  /** The model registry (`--registry`). Default: `modelroute-registry.json` beside the file, if it exists. */
  registry?: string;
}

/**
 * Sets the weights of the named variants of `route`; the others keep theirs. Refused (exit 1) if the
 * result is invalid (a negative weight, every weight 0) or names a model the route does not, or one
 * missing from the model registry (when there is one), unless `force` (recorded in the history).
 */
export async function setWeights(
  file: string,
  route: string,
  weights: Readonly<Record<string, number>>,
  options: SetWeightsOptions = {},
): Promise<ChangeResult> {
  const forced = await requireRegistered(file, Object.keys(weights), options);
  return changeRoute(
    file,
    route,
    'set',
    (doc: RouteDocument) => {
      for (const name of Object.keys(weights)) requireKnown(doc, route, name, options.force);
      return { ...doc, weights: { ...doc.weights, ...weights } };
    },
    describeChange,
    { ...options, forced: [...(options.forced ?? []), ...forced] },
  );
}
