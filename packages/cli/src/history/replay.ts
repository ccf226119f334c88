import type { HistoryEntry } from './history-entry.js';
import { applyDiff, routeHash } from './route-diff.js';

/** Where replaying a history went wrong. */
export interface ReplayProblem {
  readonly seq: number;
  readonly message: string;
}

/**
 * Replays entries (oldest first) into the routes they leave: each route starts from its `base` and
 * takes each diff in turn. Checks each result against the entry's `hash`. `until` stops before the
 * first entry it rejects (a time cut-off); `after` sees the routes after each entry (a timeline in one
 * pass); `verify: false` skips the checks (a reader that shows a history `audit verify` checks). Resolves
 * to the routes the history knows (undefined: removed).
 */
export function replay(
  entries: readonly HistoryEntry[],
  until: (entry: HistoryEntry) => boolean = () => true,
  {
    after,
    verify = true,
  }: { after?: (entry: HistoryEntry, states: ReadonlyMap<string, unknown>) => void; verify?: boolean } = {},
): { states: Map<string, unknown>; last: Map<string, HistoryEntry>; problems: ReplayProblem[] } {
  const states = new Map<string, unknown>();
  const last = new Map<string, HistoryEntry>();
  const problems: ReplayProblem[] = [];
  for (const entry of entries) {
    if (!until(entry)) break;
    for (const [route, change] of Object.entries(entry.changes)) {
      let state = states.get(route);
      if (Object.hasOwn(change, 'base')) {
        if (verify && entry.v === 2 && states.has(route) && routeHash(state) !== routeHash(change.base))
          problems.push({
            seq: entry.seq,
            message: `route ${route}: its base is not the route the entries before it left`,
          });
        state = change.base;
      } else if (!states.has(route) && change.diff.some((op) => op.path.length > 0))
        problems.push({ seq: entry.seq, message: `route ${route}: a change to a route the history never saw` });
      state = applyDiff(state, change.diff);
      if (verify && routeHash(state) !== change.hash)
        problems.push({ seq: entry.seq, message: `route ${route}: its diff does not lead to its hash` });
      states.set(route, state);
      last.set(route, entry);
    }
    after?.(entry, states);
  }
  return { states, last, problems };
}
