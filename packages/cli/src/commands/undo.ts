import { validateRolloutDocument } from '@modelroute/core';
import { CliError } from '../cli-error.js';
import { resolveActor } from '../file/resolve-actor.js';
import { publishAndLog } from '../file/publish-change.js';
import { routeHash } from '../history/route-diff.js';
import { previousPath, type ChangeOptions } from '../file/change-file.js';
import { withFileLock } from '../file/file-lock.js';
import { readText } from '../file/rollout-file.js';

/** What `undo` did. */
export interface UndoResult {
  readonly file: string;
  /** Routes whose document differs between the two versions. */
  readonly routes: readonly string[];
  readonly summary: string;
}

function rawRoutes(text: string): Record<string, unknown> {
  try {
    return (JSON.parse(text) as { routes?: Record<string, unknown> }).routes ?? {};
  } catch {
    return {}; // the current file may be invalid: undo is how it gets fixed
  }
}

/**
 * Restores the version before the last change (`<file>.prev`), after validating it; the version it
 * replaces becomes `<file>.prev`, so a second `undo` re-applies the change. Refused when there is no
 * previous version or it does not validate.
 */
export function undoFile(file: string, options: ChangeOptions = {}): Promise<UndoResult> {
  return withFileLock(file, async () => {
    const currentText = await readText(file);
    const prev = previousPath(file);
    const previousText = await readText(prev, 'previous version').catch(() => {
      throw new CliError(
        1,
        `nothing to undo: ${prev} does not exist (it is written by set, rollback, promote and undo)`,
      );
    });
    const previous = validateRolloutDocument(previousText);
    if (!previous.ok)
      throw new CliError(1, `refused: ${prev} is not a valid rollout document; nothing was written`, previous.problems);
    // The routes as each file holds them (its own JSON, as changeRoute records them in the history).
    const [was, now] = [rawRoutes(currentText), rawRoutes(previousText)];
    const names = [...new Set([...Object.keys(was), ...Object.keys(now)])];
    const routes = names.filter((n) => routeHash(was[n]) !== routeHash(now[n]));
    const summary =
      routes.length > 0
        ? `restored the previous version (routes changed: ${routes.join(', ')})`
        : 'restored the previous version (no route differs)';
    await publishAndLog(
      file,
      previousText,
      {
        at: (options.now?.() ?? new Date()).toISOString(),
        actor: resolveActor(options.actor),
        action: 'undo',
        file,
        reason: options.reason,
        evidence: options.evidence,
        summary,
        routes: Object.fromEntries(routes.map((r) => [r, { before: was[r], after: now[r] }])),
      },
      currentText,
    );
    return { file, routes, summary };
  });
}
