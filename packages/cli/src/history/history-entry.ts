import type { DiffOp } from './route-diff.js';

/** How one route changed in a history entry. */
export interface RouteChange {
  /** The changes, leaf by leaf (see `DiffOp`); empty for an entry that changed nothing (an approval). */
  readonly diff: readonly DiffOp[];
  /**
   * The whole route before the change, when the history did not know it yet (the route's first entry,
   * an old audit line, a change made outside modelroute): replay starts from here.
   */
  readonly base?: unknown;
  /** SHA-256 of the route after the change (JSON with sorted keys); null when the route was removed. */
  readonly hash: string | null;
  /** The version routers report for the route after the change (`configVersion`), when it exists. */
  readonly version?: string;
}

/**
 * One entry of a rollout file's history (`<file>.audit.log`, JSON lines, appended under the file's lock).
 * Each entry carries the SHA-256 of the line before it (`prev`), so an edited, removed, inserted or
 * reordered line breaks the chain (`modelroute audit verify`).
 */
export interface HistoryEntry {
  /** 2 for entries of the hash chain; 1 for audit lines written before it (read, not chained). */
  readonly v: 1 | 2;
  /** The line number in the log, from 1. */
  readonly seq: number;
  /** When, ISO 8601 UTC. */
  readonly at: string;
  /** Who: `--actor`, else $USER, else the OS user name ("unknown" for a change found outside modelroute). */
  readonly actor: string;
  /** set, rollback, promote, undo, approve, external (a change made outside modelroute), or a writer's own. */
  readonly action: string;
  /** The rollout file, as given. */
  readonly file: string;
  readonly reason?: string;
  /** Structured evidence: an analysis, an alert, a gate's approvals (`ChangeOptions.evidence`). */
  readonly evidence?: unknown;
  /** What `--force` let through (a model missing from the registry), in words. */
  readonly forced?: readonly string[];
  /** An approval of a promotion (`promote --approve` on a route whose gate needs more approvals). */
  readonly approval?: { readonly route: string; readonly variant: string };
  /** One line for people. */
  readonly summary: string;
  /** The routes changed. */
  readonly changes: Readonly<Record<string, RouteChange>>;
  /** SHA-256 of the previous line (64 zeros for the first line); absent on old audit lines. */
  readonly prev?: string;
}

/** The `prev` of a log's first line. */
export const GENESIS = '0'.repeat(64);

/** The history log beside a rollout file. */
export const historyPath = (file: string): string => `${file}.audit.log`;
