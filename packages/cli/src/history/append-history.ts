import { appendFile, readFile, truncate } from 'node:fs/promises';
import { type RouteDocument, validateRouteDocument } from '@modelroute/core';
import { type HistoryEntry, historyPath, type RouteChange } from './history-entry.js';
import { CliError } from '../cli-error.js';
import { type HistoryLine, nextPrev, parseHistory } from './read-history.js';
import { replay } from './replay.js';
import { diffValues, routeHash, sha256 } from './route-diff.js';
import { routeVersion } from './route-version.js';

/** What a writer records; the log adds `v`, `seq`, `prev` and the diffs. */
export interface HistoryRecord {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly file: string;
  readonly reason?: string | undefined;
  readonly evidence?: unknown;
  readonly forced?: readonly string[] | undefined;
  readonly approval?: HistoryEntry['approval'];
  readonly summary: string;
  /** Each route touched, before and after (undefined: absent); an approval gives the same route twice. */
  readonly routes: Readonly<Record<string, { readonly before: unknown; readonly after: unknown }>>;
}

/** A route's change; `withBase` when the history does not know the route yet, so replay can start there. */
async function change(withBase: boolean, before: unknown, after: unknown): Promise<RouteChange> {
  const checked = after === undefined ? undefined : validateRouteDocument(after);
  return {
    ...(withBase ? { base: before } : {}),
    diff: diffValues(before, after),
    hash: routeHash(after),
    ...(checked?.ok ? { version: await routeVersion(checked.value as RouteDocument) } : {}),
  };
}

/**
 * The log's lines, its last line ended first: a last line without its newline is an append cut short (a
 * crash, a full disk), which the next entry must not be glued onto. If it is a whole entry, it gets its
 * newline; otherwise it is cut off, back to the last newline: a torn entry was never logged, and its
 * change's record is still in `<file>.pending` (see `publishAndLog`), which the lock's next holder logs
 * again; a change the log missed otherwise shows up as an `external` entry. Call under the file's lock.
 */
async function readForAppend(file: string): Promise<HistoryLine[]> {
  const path = historyPath(file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CliError(1, `cannot read the history ${path}: ${(error as Error).message}`);
  }
  if (bytes.length === 0 || bytes.at(-1) === 0x0a) return parseHistory(bytes.toString('utf8'));
  const end = bytes.lastIndexOf(0x0a) + 1;
  const tail = parseHistory(bytes.subarray(end).toString('utf8'))[0];
  if (tail?.entry !== undefined) {
    await appendFile(path, '\n');
    return parseHistory(`${bytes.toString('utf8')}\n`);
  }
  await truncate(path, end);
  return parseHistory(bytes.subarray(0, end).toString('utf8'));
}

/**
 * Appends `record` to the file's history as a hash-chained entry. Call it under the file's lock. When a
 * route is not what the history last recorded (a hand edit, another tool, a change killed between its
 * write and its entry), an `external` entry with that difference goes first, so that the chain replays
 * to the file. A torn last line (an append cut short) is cut off first (see `readForAppend`). Resolves to
 * the entries appended.
 */
export async function appendHistory(record: HistoryRecord): Promise<HistoryEntry[]> {
  const lines = await readForAppend(record.file);
  const { states } = replay(lines.flatMap((l) => (l.entry ? [l.entry] : [])));
  const external: Record<string, RouteChange> = {};
  const changes: Record<string, RouteChange> = {};
  for (const [route, { before, after }] of Object.entries(record.routes)) {
    const has = states.has(route);
    if (has && routeHash(states.get(route)) !== routeHash(before))
      external[route] = await change(false, states.get(route), before);
    changes[route] = await change(!has && before !== undefined, before, after);
  }
  const texts: string[] = [];
  let prev = nextPrev(lines);
  const push = (entry: Omit<HistoryEntry, 'v' | 'seq' | 'prev'>): HistoryEntry => {
    const full = { v: 2 as const, seq: lines.length + texts.length + 1, ...entry, prev };
    const text = JSON.stringify(full);
    texts.push(text);
    prev = sha256(text);
    return full;
  };
  const appended: HistoryEntry[] = [];
  if (Object.keys(external).length > 0)
    appended.push(
      push({
        at: record.at,
        actor: 'unknown',
        action: 'external',
        file: record.file,
        summary: `changed outside modelroute (a hand edit, another tool, or a change killed before it logged): ${Object.keys(external).join(', ')}`,
        changes: external,
      }),
    );
  const { at, actor, action, file, reason, evidence, forced, approval, summary } = record;
  appended.push(push({ at, actor, action, file, reason, evidence, forced, approval, summary, changes }));
  await appendFile(historyPath(record.file), texts.map((t) => `${t}\n`).join(''), 'utf8');
  return appended;
}
