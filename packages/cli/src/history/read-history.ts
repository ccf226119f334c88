import { readFile } from 'node:fs/promises';
import { CliError } from '../cli-error.js';
import { GENESIS, type HistoryEntry, historyPath, type RouteChange } from './history-entry.js';
import { diffValues, routeHash, sha256 } from './route-diff.js';

/** A line of the log as read: its text, and the entry (undefined when the line is not an entry). */
export interface HistoryLine {
  readonly line: number;
  readonly text: string;
  readonly entry: HistoryEntry | undefined;
  /** Why the line is not an entry. */
  readonly error?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An audit line of the CLI before the hash chain (`{ at, actor, command, routes, before, after, ... }`) as an entry. */
function fromAuditLine(line: number, old: Record<string, unknown>): HistoryEntry {
  const routes = Array.isArray(old.routes) ? (old.routes as string[]) : [];
  const whole = old.command === 'undo'; // an undo logged the whole documents
  const pick = (doc: unknown, route: string) =>
    whole ? (isObject(doc) && isObject(doc.routes) ? doc.routes[route] : undefined) : doc;
  const changes: Record<string, RouteChange> = {};
  for (const route of routes) {
    const before = pick(old.before, route);
    const after = pick(old.after, route);
    changes[route] = { base: before, diff: diffValues(before, after), hash: routeHash(after) };
  }
  return {
    v: 1,
    seq: line,
    at: String(old.at),
    actor: String(old.actor),
    action: String(old.command),
    file: String(old.file),
    ...(typeof old.reason === 'string' ? { reason: old.reason } : {}),
    ...(old.evidence !== undefined ? { evidence: old.evidence } : {}),
    summary: String(old.summary ?? ''),
    changes,
  };
}

/** Parses the log's text into lines (a final line without its newline included). */
export function parseHistory(text: string): HistoryLine[] {
  const texts = text.split('\n');
  if (texts.at(-1) === '') texts.pop();
  return texts.map((t, i): HistoryLine => {
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (error) {
      return { line, text: t, entry: undefined, error: `not JSON (${(error as Error).message})` };
    }
    if (!isObject(value) || typeof value.at !== 'string' || typeof value.actor !== 'string')
      return { line, text: t, entry: undefined, error: 'not a history entry (no at, actor)' };
    if (value.v === 2) return { line, text: t, entry: value as unknown as HistoryEntry };
    if (typeof value.command === 'string') return { line, text: t, entry: fromAuditLine(line, value) };
    return { line, text: t, entry: undefined, error: 'not a history entry (unknown format)' };
  });
}

/** Reads the log's lines; a missing log is an empty history. */
export async function readHistoryLines(file: string): Promise<HistoryLine[]> {
  try {
    return parseHistory(await readFile(historyPath(file), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CliError(1, `cannot read the history ${historyPath(file)}: ${(error as Error).message}`);
  }
}

/**
 * The history of a rollout file (`<file>.audit.log`), oldest first; the CLI's audit lines from before the
 * hash chain come as `v: 1` entries. A line that is not an entry is refused (check with `verifyHistory`).
 */
export async function readHistory(file: string): Promise<HistoryEntry[]> {
  return (await readHistoryLines(file)).map((l) => {
    if (l.entry === undefined)
      throw new CliError(
        1,
        `line ${l.line} of ${historyPath(file)} is ${l.error}; run \`modelroute audit verify ${file}\``,
      );
    return l.entry;
  });
}

/** The `prev` a line after `lines` must carry. */
export const nextPrev = (lines: readonly HistoryLine[]): string =>
  lines.length === 0 ? GENESIS : sha256(lines.at(-1)!.text);
