import { validateRouteDocument } from '@modelroute/core';
import type { HistoryEntry } from './history-entry.js';
import { replay } from './replay.js';
import { routeVersion } from './route-version.js';

/** A route as it was at a time: `modelroute history --at --json`. */
export interface RouteAt {
  readonly route: string;
  /** The time asked about, ISO 8601. */
  readonly at: string;
  readonly champion: string;
  readonly weights: Readonly<Record<string, number>>;
  /** The version routers reported (`configVersion`). */
  readonly version: string;
  /** The entry that made it so (its `seq` and `at`). */
  readonly since: { readonly seq: number; readonly at: string };
  /** The whole route. */
  readonly document: unknown;
}

/**
 * The route as it was at `at` (a Date, ISO text or epoch milliseconds): the history replayed up to its
 * last entry at or before that time. Undefined when the history knows nothing of the route then (before
 * its first entry, or removed).
 */
export async function routeAt(
  entries: readonly HistoryEntry[],
  route: string,
  at: Date | string | number,
): Promise<RouteAt | undefined> {
  const time = new Date(at).getTime();
  if (Number.isNaN(time)) throw new RangeError(`not a time: ${String(at)}`);
  const { states, last } = replay(entries, (e) => Date.parse(e.at) <= time);
  const state = states.get(route);
  const entry = last.get(route);
  const checked = validateRouteDocument(state, route);
  if (entry === undefined || !checked.ok) return undefined;
  return {
    route,
    at: new Date(time).toISOString(),
    champion: checked.value.champion,
    weights: checked.value.weights,
    version: entry.changes[route]?.version ?? (await routeVersion(checked.value)),
    since: { seq: entry.seq, at: entry.at },
    document: state,
  };
}
