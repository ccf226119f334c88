import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExperimentConfig, WindowFigures } from '@modelroute/core';
import { evaluateGate, promoteWhenReady } from '@modelroute/core/controller';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readHistory } from '../history/read-history.js';
import { verifyHistory } from '../history/verify-history.js';
import { promoteFile } from './promote.js';

const DAY = 86_400_000;
const experiment: ExperimentConfig = {
  metrics: [{ name: 'converted', kind: 'proportion', direction: 'increase', mde: 0.1, role: 'primary' }],
};
const p = (n: number, rate: number) => ({ n, mean: rate, variance: (n * rate * (1 - rate)) / (n - 1) });
// Seven days where the 10% challenger converts at 15% against the champion's 10%.
const window: WindowFigures = {
  route: 'offers',
  champion: 'champ',
  bucketMs: DAY,
  size: 7,
  buckets: [0, 1, 2, 3, 4, 5, 6].map((i) => ({
    start: i * DAY,
    summaries: { converted: { champ: p(3600, 0.1), chal: p(400, 0.15) } },
  })),
};

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-gate-'));
  file = join(dir, 'rollout.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gate.mode "auto": promoteWhenReady through promoteFile', () => {
  it('promotes the ready challenger as actor "gate" with the evidence in the history; old champion is rollbackTo', async () => {
    const gate = { mode: 'auto', minDays: 3 } as const;
    const doc = { champion: 'champ', weights: { champ: 90, chal: 10 }, experiment, gate };
    await writeFile(file, JSON.stringify({ routes: { offers: doc } }));
    const status = evaluateGate(window, gate, experiment, 7 * DAY);
    expect(status.ready).toBe(true);
    const wrote = await promoteWhenReady(status, gate, (route, challenger, promotion) =>
      promoteFile(file, route, challenger, { approve: true, ...promotion }),
    );
    expect(wrote).toBe(true);
    const after = JSON.parse(await readFile(file, 'utf8')).routes.offers;
    expect(after).toMatchObject({ champion: 'chal', weights: { champ: 0, chal: 100 }, rollbackTo: 'champ' });
    const [entry] = await readHistory(file);
    expect(entry).toMatchObject({
      action: 'promote',
      actor: 'gate',
      evidence: {
        approvals: [{ actor: 'gate', evidence: { challenger: 'chal', champion: 'champ', metric: 'converted' } }],
      },
    });
    const recorded = (entry!.evidence as { approvals: { evidence: { alwaysValidPValue: number } }[] }).approvals[0]!;
    expect(recorded.evidence.alwaysValidPValue).toBe(status.evidence!.alwaysValidPValue);
    expect((await verifyHistory(file)).ok).toBe(true);
  });

  it('manual mode writes nothing: the file is unchanged', async () => {
    const gate = { mode: 'manual', minDays: 3 } as const;
    const text = JSON.stringify({ routes: { offers: { champion: 'champ', weights: { champ: 90, chal: 10 }, gate } } });
    await writeFile(file, text);
    const status = evaluateGate(window, gate, experiment, 7 * DAY);
    expect(await promoteWhenReady(status, gate, (r, c, pr) => promoteFile(file, r, c, { approve: true, ...pr }))).toBe(
      false,
    );
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});
