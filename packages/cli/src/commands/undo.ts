import { validateRolloutDocument } from '@modelroute/core';
import { CliError } from '../cli-error.js';
import { writeFileAtomic } from '../file/atomic-write.js';
import { appendAudit, resolveActor } from '../file/audit-log.js';
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
    const current = validateRolloutDocument(currentText);
    const currentRoutes: Record<string, unknown> = current.ok ? current.value.routes : {};
    const names = [...new Set([...Object.keys(currentRoutes), ...Object.keys(previous.value.routes)])];
    const routes = names.filter((n) => JSON.stringify(currentRoutes[n]) !== JSON.stringify(previous.value.routes[n]));
    await writeFileAtomic(prev, currentText);
    await writeFileAtomic(file, previousText);
    const summary =
      routes.length > 0
        ? `restored the previous version (routes changed: ${routes.join(', ')})`
        : 'restored the previous version (no route differs)';
    await appendAudit(file, {
      at: new Date().toISOString(),
      actor: resolveActor(options.actor),
      command: 'undo',
      file,
      routes,
      reason: options.reason,
      summary,
      before: current.ok ? current.value : currentText,
      after: previous.value,
    });
    return { file, routes, summary };
  });
}
