import type { PromoteWriteRequest, RolloutWriter, StageWriteRequest, WriteResult } from '@modelroute/core';
import { approval } from '../commands/promote.js';
import { describeChange } from '../commands/weights-summary.js';
import { changeRoute } from '../file/change-file.js';
import { withFileLock } from '../file/file-lock.js';
import { resolveActor } from '../file/resolve-actor.js';
import { loadRollout, requireRoute } from '../file/rollout-file.js';
import { appendHistory } from '../history/append-history.js';
import type { HistoryEntry } from '../history/history-entry.js';
import { readHistory } from '../history/read-history.js';
import { requireRegistered } from '../registry/model-registry.js';

/** Options of {@link fileWriter}. */
export interface FileWriterOptions {
  /**
   * The time recorded in the history (and read back by `lastChange`). Default: `() => new Date()`. A demo on
   * a simulated clock passes that clock's time, so that the history tells the simulated timeline.
   */
  readonly now?: () => Date;
}

type StageEvidence = StageWriteRequest['evidence'];
const noteKey = (action: string, evidence: StageEvidence | undefined): string =>
  `${action}|${evidence?.code}|${evidence?.evidence?.version}`;
const routeEntries = async (file: string, route: string): Promise<HistoryEntry[]> =>
  (await readHistory(file)).filter((e) => e.changes[route] !== undefined);

/**
 * A controller's writer for a rollout file, through the CLI's own change path: each change is made under
 * the file's lock, validated (an invalid result is refused and nothing is written), written atomically
 * (`<file>.prev` kept, so `modelroute undo` reverts it) and recorded in the file's hash-chained history with
 * the decision as `evidence`. A hold is a history entry without a change (action `hold`), once per document
 * version and reason. `lastChange` reads the history, so a `--once` run knows when the step in force began.
 *
 * The gate's `promote` (`gate.mode: "auto"`) goes the way of `modelroute promote`: the challenger must be
 * in the model registry when there is one, and the history entry (action `promote`, the controller as
 * actor) holds `{ approvals: [{ actor, at, reason, evidence }] }` with the gate's evidence, as a person's
 * `promote --approve` does. A refusal (unregistered, locked, invalid) throws: the controller reports it and
 * tries again at its next tick.
 */
export function fileWriter(file: string, options: FileWriterOptions = {}): RolloutWriter {
  const now = options.now ?? (() => new Date());
  return {
    async write(request) {
      if (request.command === 'promote') return promote(file, request, now);
      const change = { actor: request.actor, reason: request.reason, evidence: request.evidence, now };
      if (request.edit !== undefined) {
        const result = await changeRoute(file, request.route, request.command, request.edit, describeChange, change);
        return { changed: result.changed };
      }
      await withFileLock(file, async () => {
        const current = requireRoute((await loadRollout(file)).document, request.route, file);
        const last = (await routeEntries(file, request.route)).at(-1);
        if (
          last !== undefined &&
          noteKey(last.action, last.evidence as StageEvidence) === noteKey(request.command, request.evidence)
        )
          return;
        await appendHistory({
          at: now().toISOString(),
          actor: resolveActor(request.actor),
          action: request.command,
          file,
          reason: request.reason,
          evidence: request.evidence,
          summary: `${request.route}: ${request.command}: ${request.reason}`,
          routes: { [request.route]: { before: current, after: current } },
        });
      });
      return { changed: false };
    },
    async lastChange(route) {
      const entries = await routeEntries(file, route);
      for (let i = entries.length - 1; i >= 0; i--)
        if ((entries[i]!.changes[route]?.diff.length ?? 0) > 0) return Date.parse(entries[i]!.at);
      return undefined;
    },
  };
}

async function promote(file: string, request: PromoteWriteRequest, now: () => Date): Promise<WriteResult> {
  await requireRegistered(file, [request.challenger], {});
  const actor = resolveActor(request.actor);
  const at = now();
  const result = await changeRoute(file, request.route, 'promote', request.edit, describeChange, {
    actor,
    reason: request.reason,
    evidence: { approvals: [approval(actor, at.toISOString(), request.reason, request.evidence)] },
    now: () => at,
  });
  return { changed: result.changed };
}
