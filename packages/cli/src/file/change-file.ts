import { isDeepStrictEqual } from 'node:util';
import { validateRolloutDocument, type RouteDocument } from '@modelroute/core';
import { CliError } from '../cli-error.js';
import { resolveActor } from './resolve-actor.js';
import { withFileLock } from './file-lock.js';
import { formatDocument, loadRollout, requireRoute } from './rollout-file.js';
import { publishAndLog } from './publish-change.js';

/** Options every change takes. */
export interface ChangeOptions {
  /** Why, for the audit log (`--reason`). Default: none. */
  reason?: string;
  /** Who, for the audit log (`--actor`). Default: $USER, else the OS user name. */
  actor?: string;
  /**
   * The route's new `version` label (`--label`), which routers report as `configVersion`. Default: none,
   * and a route that had a `version` loses it when the change modifies it, so routers report the hash
   * of the new content instead of the stale label. Not taken by `undo` (it restores a whole file).
   */
  label?: string;
  /**
   * Structured evidence for the audit entry: the analysis behind a controller's decision, an alert's
   * fingerprint and labels, a gate's approvals. Recorded as given (JSON). Default: none.
   */
  evidence?: unknown;
  /** What `--force` let through (a model missing from the registry), in words, for the history entry. Default: none. */
  forced?: readonly string[];
  /** The wall-clock time recorded in the history entry (tests pass their own). Default: `() => new Date()`. */
  now?: () => Date;
}

/** What a change did. */
export interface ChangeResult {
  readonly file: string;
  readonly command: string;
  readonly route: string;
  /** False when the file already said this: nothing was written or logged. */
  readonly changed: boolean;
  readonly before: RouteDocument;
  readonly after: RouteDocument;
  /** One line for people. */
  readonly summary: string;
}

/** The previous version of a rollout file, kept by every change for `undo`. */
export const previousPath = (file: string): string => `${file}.prev`;

/**
 * Keeps a route's `version` label honest: `label` sets it; otherwise a label the edit left in place is
 * dropped when the edit changed the route, so the router's `configVersion` (then a content hash) changes.
 */
function relabel(before: RouteDocument, edited: RouteDocument, label: string | undefined): RouteDocument {
  if (label !== undefined) {
    if (label.trim() === '')
      throw new CliError(2, '--label needs a non-empty version label, e.g. --label fraud-v3-rollback');
    return { ...edited, version: label };
  }
  if (edited.version === undefined || edited.version !== before.version || isDeepStrictEqual(before, edited))
    return edited;
  const next = { ...edited };
  delete next.version;
  return next;
}

/**
 * Applies `edit` to one route of a rollout file: under the file's lock, reads and validates the file,
 * sets or drops the route's `version` label (see `ChangeOptions.label`), validates the edited document
 * (refused with its problems if invalid), keeps the current text as `<file>.prev`, writes the new
 * document atomically, and appends a hash-chained entry to the file's history (`<file>.audit.log`) with
 * the route's diff. Nothing is written when the edit changes nothing.
 */
export async function changeRoute(
  file: string,
  route: string,
  command: string,
  edit: (doc: RouteDocument) => RouteDocument,
  describe: (before: RouteDocument, after: RouteDocument) => string,
  options: ChangeOptions = {},
): Promise<ChangeResult> {
  return withFileLock(file, () => changeRouteLocked(file, route, command, edit, describe, options));
}

/** {@link changeRoute} for a caller that already holds the file's lock (`withFileLock`). */
export async function changeRouteLocked(
  file: string,
  route: string,
  command: string,
  edit: (doc: RouteDocument) => RouteDocument,
  describe: (before: RouteDocument, after: RouteDocument) => string,
  options: ChangeOptions = {},
): Promise<ChangeResult> {
  const current = await loadRollout(file);
  requireRoute(current.document, route, file);
  // Edit the file's own JSON (valid, as just checked) so that key order and untouched routes stay as they were.
  const raw = JSON.parse(current.text) as { routes: Record<string, RouteDocument> };
  const before = raw.routes[route]!;
  const edited = relabel(before, edit(structuredClone(before)), options.label);
  const next = { ...raw, routes: { ...raw.routes, [route]: edited } };
  const checked = validateRolloutDocument(next);
  if (!checked.ok)
    throw new CliError(1, `refused: the change would make ${file} invalid; nothing was written`, checked.problems);
  const after = edited;
  const summary = `${route}: ${describe(before, after)}`;
  if (isDeepStrictEqual(before, after))
    return { file, command, route, changed: false, before, after, summary: `${route}: already so; nothing changed` };
  await publishAndLog(
    file,
    formatDocument(next),
    {
      at: (options.now?.() ?? new Date()).toISOString(),
      actor: resolveActor(options.actor),
      action: command,
      file,
      reason: options.reason,
      evidence: options.evidence,
      forced: options.forced?.length ? options.forced : undefined,
      summary,
      routes: { [route]: { before, after } },
    },
    current.text,
  );
  return { file, command, route, changed: true, before, after, summary };
}
