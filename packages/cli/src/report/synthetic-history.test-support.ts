import { writeFile } from 'node:fs/promises';
import type { RouteDocument } from '@modelroute/core';
import { GENESIS, type HistoryEntry, historyPath } from '../history/history-entry.js';
import { diffValues, routeHash, sha256 } from '../history/route-diff.js';

/**
 * Writes a rollout file whose route `route` went through `changes` weight changes (a canary's share
 * moving between 1 and 99, every tenth change by a controller with evidence), with a valid hash-chained
 * history: what a long-lived route's log looks like, written in one go instead of `changes` locked writes.
 */
export async function writeSyntheticHistory(
  file: string,
  route: string,
  changes: number,
  start: number,
): Promise<void> {
  const doc = (share: number): RouteDocument => ({ champion: 'a', weights: { a: 100 - share, b: share } });
  let before: RouteDocument | undefined;
  let prev = GENESIS;
  const lines: string[] = [];
  for (let i = 0; i < changes; i++) {
    const after = doc(1 + ((i * 37) % 99));
    const byController = i % 10 === 9;
    const entry: HistoryEntry = {
      v: 2,
      seq: i + 1,
      at: new Date(start + i * 60_000).toISOString(),
      actor: byController ? 'rollout-controller' : `person-${i % 7}`,
      action: byController ? 'advance' : 'set',
      file,
      reason: `change ${i + 1}`,
      ...(byController
        ? {
            evidence: {
              action: 'advance',
              outcome: 'successful',
              code: 'sample_reached',
              reason: 'no trip',
              step: undefined,
              evidence: {},
            },
          }
        : {}),
      summary: `${route}: weights a=${after.weights.a} b=${after.weights.b}`,
      changes: { [route]: { diff: diffValues(before, after), hash: routeHash(after) } },
      prev,
    };
    const text = JSON.stringify(entry);
    lines.push(text);
    prev = sha256(text);
    before = after;
  }
  await writeFile(file, JSON.stringify({ routes: { [route]: before ?? doc(0) } }));
  await writeFile(historyPath(file), lines.map((l) => `${l}\n`).join(''));
}
