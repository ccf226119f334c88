import { appendFile } from 'node:fs/promises';
import { userInfo } from 'node:os';

/** One line of the audit log (`<file>.audit.log`, JSON lines: one object per line, appended). */
export interface AuditEntry {
  /** When, ISO 8601 UTC. */
  readonly at: string;
  /** Who: `--actor`, else $USER, else the OS user name. */
  readonly actor: string;
  /** The command: set, rollback, promote, undo. */
  readonly command: string;
  /** The rollout file, as given. */
  readonly file: string;
  /** The route changed (undo: every route the undo changed). */
  readonly routes: readonly string[];
  /** `--reason`, if given. */
  readonly reason: string | undefined;
  /** Structured evidence, if the change gave any (see `ChangeOptions.evidence`). */
  readonly evidence?: unknown;
  /** What changed, in words: `fraud-score: weights fraud-v3 95 -> 100, fraud-v4 5 -> 0`. */
  readonly summary: string;
  /** The route documents before and after (undo: the whole documents). */
  readonly before: unknown;
  readonly after: unknown;
}

/** The audit log beside a rollout file. */
export const auditLogPath = (file: string): string => `${file}.audit.log`;

/** "who": `--actor`, else $USER, else the OS user name, else "unknown". */
export function resolveActor(actor: string | undefined): string {
  if (actor !== undefined && actor !== '') return actor;
  if (process.env.USER) return process.env.USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Appends one entry as a JSON line. */
export async function appendAudit(file: string, entry: AuditEntry): Promise<void> {
  await appendFile(auditLogPath(file), `${JSON.stringify(entry)}\n`, 'utf8');
}
