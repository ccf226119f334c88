import { readFile } from 'node:fs/promises';
import type { RolloutWriter, WriteRequest } from '@modelroute/core';
import { describeChange } from '../commands/weights-summary.js';
import { appendAudit, auditLogPath, resolveActor, type AuditEntry } from '../file/audit-log.js';
import { changeRoute } from '../file/change-file.js';
import { withFileLock } from '../file/file-lock.js';
import { loadRollout, requireRoute } from '../file/rollout-file.js';

/** The audit entries of a rollout file that concern `route`, oldest first (none when there is no log). */
async function routeEntries(file: string, route: string): Promise<AuditEntry[]> {
  let text: string;
  try {
    text = await readFile(auditLogPath(file), 'utf8');
  } catch {
    return [];
  }
  const entries: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as AuditEntry;
      if (entry.routes?.includes(route)) entries.push(entry);
    } catch {
      // a torn last line of a crashed writer: not an entry
    }
  }
  return entries;
}

type StageEvidence = WriteRequest['evidence'];
const noteKey = (command: string, evidence: StageEvidence | undefined): string =>
  `${command}|${evidence?.code}|${evidence?.evidence?.version}`;

/**
 * A controller's writer for a rollout file, through the CLI's own change path: each change is made under
 * the file's lock, validated (an invalid result is refused and nothing is written), written atomically
 * (`<file>.prev` kept, so `modelroute undo` reverts it) and audited with the decision as `evidence`.
 * A hold is appended to the audit log as a note, once per document version and reason. `lastChange`
 * reads the audit log, so a `--once` run knows when the step in force began (wall-clock ms).
 */
export function fileWriter(file: string): RolloutWriter {
  return {
    async write(request) {
      const options = { actor: request.actor, reason: request.reason, evidence: request.evidence };
      if (request.edit !== undefined) {
        const result = await changeRoute(file, request.route, request.command, request.edit, describeChange, options);
        return { changed: result.changed };
      }
      await withFileLock(file, async () => {
        const current = requireRoute((await loadRollout(file)).document, request.route, file);
        const last = (await routeEntries(file, request.route)).at(-1);
        if (
          last !== undefined &&
          noteKey(last.command, last.evidence as StageEvidence) === noteKey(request.command, request.evidence)
        )
          return;
        await appendAudit(file, {
          at: new Date().toISOString(),
          actor: resolveActor(request.actor),
          command: request.command,
          file,
          routes: [request.route],
          reason: request.reason,
          evidence: request.evidence,
          summary: `${request.route}: ${request.command}: ${request.reason}`,
          before: current,
          after: current,
        });
      });
      return { changed: false };
    },
    async lastChange(route) {
      const entries = await routeEntries(file, route);
      for (let i = entries.length - 1; i >= 0; i--) {
        const entry = entries[i]!;
        if (entry.command !== 'hold') return Date.parse(entry.at);
      }
      return undefined;
    },
  };
}
