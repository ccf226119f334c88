import { CliError } from '../cli-error.js';
import { readHistory } from '../history/read-history.js';
import { routeAt, type RouteAt } from '../history/route-at.js';
import type { DiffOp } from '../history/route-diff.js';

/** One entry of `modelroute history` without `--at`. */
export interface RouteHistoryItem {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly reason: string | undefined;
  readonly summary: string;
  readonly diff: readonly DiffOp[];
  readonly evidence: unknown;
}

/** The entries of a rollout file's history that touch `route`, oldest first. */
export async function routeHistory(file: string, route: string): Promise<RouteHistoryItem[]> {
  return (await readHistory(file)).flatMap((e) => {
    const change = e.changes[route];
    if (change === undefined) return [];
    return [
      {
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        reason: e.reason,
        summary: e.summary,
        diff: change.diff,
        evidence: e.evidence,
      },
    ];
  });
}

/** `history --at`: the route at a time, or a refusal that says where the history starts. */
export async function historyAt(file: string, route: string, at: string): Promise<RouteAt> {
  const time = Date.parse(at);
  if (Number.isNaN(time))
    throw new CliError(2, `--at ${JSON.stringify(at)} is not a time; give ISO 8601, e.g. 2026-12-01T14:30:00Z`);
  const entries = await readHistory(file);
  const state = await routeAt(entries, route, time);
  if (state !== undefined) return state;
  const first = entries.find((e) => e.changes[route] !== undefined);
  throw new CliError(
    1,
    first === undefined
      ? `the history of ${file} has no entry for route "${route}"`
      : `the history of route "${route}" starts at ${first.at} (entry ${first.seq}); it says nothing about ${new Date(time).toISOString()}`,
  );
}

/** `history` for people. */
export function formatHistory(items: readonly RouteHistoryItem[], route: string): string {
  if (items.length === 0) return `no history for route ${route}`;
  return items
    .map((i) => `#${i.seq}  ${i.at}  ${i.actor}  ${i.action}  ${i.summary}${i.reason ? `  (${i.reason})` : ''}`)
    .join('\n');
}

/** `history --at` for people. */
export const formatRouteAt = (r: RouteAt): string =>
  `${r.route} at ${r.at}: champion ${r.champion}; weights ${Object.entries(r.weights)
    .map(([v, w]) => `${v} ${w}`)
    .join(', ')}; version ${r.version} (since entry ${r.since.seq}, ${r.since.at})`;
