import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { GENESIS } from './history-entry.js';
import { readHistoryLines } from './read-history.js';
import { replay } from './replay.js';
import { pendingPath } from '../file/publish-change.js';
import { routeHash, sha256 } from './route-diff.js';

/** What `verifyHistory` found. */
export interface HistoryVerification {
  readonly ok: boolean;
  readonly file: string;
  /** Lines read. */
  readonly entries: number;
  /** SHA-256 of the last line: keep it elsewhere (a ticket, a chat) to detect a rewrite of the whole log. */
  readonly head: string;
  /** The first bad entry (its line number) and what is wrong with it; undefined when ok. */
  readonly problem?: { readonly line: number; readonly message: string };
}

/** Options of {@link verifyHistory}. */
export interface VerifyOptions {
  /**
   * A head (SHA-256 of a line) printed by an earlier `audit verify` and kept elsewhere: some line must
   * still hash to it, or the line that was last then was edited or removed. Default: none.
   */
  head?: string;
}

/**
 * Checks a rollout file's history: every line an entry, each chained entry's `prev` the SHA-256 of the
 * line before it and its `seq` its line number (an edited, removed, inserted or reordered line breaks
 * this), each route's diffs replaying to their hashes, and the last state of each route equal to the
 * file (which catches the last line removed or edited). Old audit lines (before the chain) may only come
 * first; they are checked by replay, not by hashes. Nothing follows the last line, so an edit of its
 * words (actor, reason) that leaves the route as it is shows only against a head recorded elsewhere
 * (`options.head`).
 */
export async function verifyHistory(file: string, options: VerifyOptions = {}): Promise<HistoryVerification> {
  const lines = await readHistoryLines(file);
  const head = lines.length === 0 ? GENESIS : sha256(lines.at(-1)!.text);
  const result = (line: number, message: string): HistoryVerification => ({
    ok: false,
    file,
    entries: lines.length,
    head,
    problem: { line, message },
  });
  let chained = false;
  for (const [i, l] of lines.entries()) {
    if (l.entry === undefined) return result(l.line, `${l.error}`);
    if (l.entry.v === 1) {
      if (chained) return result(l.line, 'an old-format line after the chain began: inserted');
      continue;
    }
    chained = true;
    const expected = i === 0 ? GENESIS : sha256(lines[i - 1]!.text);
    if (l.entry.prev !== expected)
      return result(
        l.line,
        i === 0
          ? 'the first line does not start the chain: lines before it were removed'
          : `its prev hash is not the hash of line ${i}: line ${i} was edited, or lines were removed, inserted or reordered here`,
      );
    if (l.entry.seq !== l.line)
      return result(l.line, `it says it is entry ${l.entry.seq}: lines were removed, inserted or reordered`);
  }
  const entries = lines.map((l) => l.entry!);
  const { states, last, problems } = replay(entries);
  if (problems.length > 0) return result(problems[0]!.seq, problems[0]!.message);
  let routes: Record<string, unknown> = {};
  try {
    routes = (JSON.parse(await readFile(file, 'utf8')) as { routes?: Record<string, unknown> }).routes ?? {};
  } catch (error) {
    return result(lines.length, `cannot read the rollout file ${file} to compare: ${(error as Error).message}`);
  }
  for (const [route, state] of states)
    if (routeHash(state) !== routeHash(routes[route]))
      return result(
        last.get(route)!.seq,
        existsSync(pendingPath(file))
          ? `route ${route} in ${file} is not what its last entry says: a change was published and its writer stopped before logging it (${pendingPath(file)}); the next change logs it`
          : `route ${route} in ${file} is not what its last entry says: the last entries were removed or edited, or the file was changed outside modelroute (the next change records that as "external")`,
      );
  if (options.head !== undefined && !lines.some((l) => sha256(l.text) === options.head))
    return result(
      lines.length,
      `no line hashes to the recorded head ${options.head}: the line that was last when it was recorded was edited or removed`,
    );
  return { ok: true, file, entries: lines.length, head };
}
