import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canary, rolloutDocument, type Analysis, type ControllerSubject } from '@modelroute/core';
import { rolloutController, stageEdit } from '@modelroute/core/controller';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { undoFile } from '../commands/undo.js';
import { fileWriter } from './file-writer.js';
import { fleetSubject } from './fleet-subject.js';

const MIN = 60_000;
let dir: string;
let file: string;

// A wall clock that the test moves forward: the audit log's times are wall-clock times.
let offset = 0;
const clock = { now: () => Date.now() + offset };

const analysisFor =
  (verdict: 'inconclusive' | 'collecting' | 'worse', srmMismatch = false) =>
  async (version: string): Promise<Analysis> => ({
    route: 'score',
    version,
    champion: 'v1',
    alpha: 0.05,
    power: 0.8,
    srm: { pValue: srmMismatch ? 1e-9 : 0.4, mismatch: srmMismatch, exposures: { v1: 2000, v2: 2000 } },
    metrics: [
      {
        name: 'clicked',
        kind: 'proportion',
        direction: 'increase',
        role: 'primary',
        mde: 0.05,
        variants: { v1: { n: 2000, mean: 0.2, sd: 0.4 }, v2: { n: 2000, mean: 0.2, sd: 0.4 } },
        comparisons: [
          {
            variant: 'v2',
            against: 'v1',
            difference: 0,
            ci: [-0.02, 0.02],
            relativeLift: 0,
            pValue: 0.9,
            alwaysValidPValue: verdict === 'worse' ? 0.001 : 1,
            requiredSamplePerVariant: 1500,
            verdict,
          },
        ],
      },
    ],
  });

async function controllerOn(analysis: (version: string) => Promise<Analysis>) {
  const subject: ControllerSubject = await fleetSubject({ file, route: 'score', analysis, guard: async () => [] });
  return rolloutController({ router: subject, writer: fileWriter(file), clock, intervalMs: 0 });
}
// biome-ignore lint/suspicious/noExplicitAny: the evidence is read as plain JSON
type AuditLine = Record<string, any>;
const read = async () => JSON.parse(await readFile(file, 'utf8')) as ReturnType<typeof rolloutDocument>;
const audit = async () =>
  (await readFile(`${file}.audit.log`, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditLine);

beforeEach(async () => {
  offset = 0;
  dir = await mkdtemp(join(tmpdir(), 'modelroute-stages-'));
  file = join(dir, 'rollout.json');
  const doc = rolloutDocument({
    score: canary({ stable: 'v1', canary: 'v2', steps: [5, { weight: 20, minDurationMs: 10 * MIN }, 50] }),
    other: { champion: 'a', weights: { a: 1 } },
  });
  await writeFile(file, JSON.stringify(doc, null, 2));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fileWriter', () => {
  it('advances through the CLI change path: validated, atomic, audited with the evidence, undoable', async () => {
    const controller = await controllerOn(analysisFor('inconclusive'));
    const d = await controller.tick();
    expect(d).toMatchObject({ action: 'advance', changed: true });
    const after = await read();
    expect(after.routes.score!.weights).toEqual({ v1: 80, v2: 20 });
    expect(after.routes.other).toEqual({ champion: 'a', weights: { a: 1 } });
    expect(existsSync(`${file}.prev`)).toBe(true);
    const [entry] = await audit();
    expect(entry).toMatchObject({
      action: 'advance',
      actor: 'modelroute-controller',
      changes: { score: { diff: expect.any(Array) } },
      summary: 'score: weights v1 95 -> 80, v2 5 -> 20',
      evidence: { action: 'advance', outcome: 'successful', code: 'sample_reached', step: { weight: 5 } },
    });
    expect(entry!.evidence.evidence.metrics[0]).toMatchObject({ name: 'clicked', n: [2000, 2000] });
    await undoFile(file);
    expect((await read()).routes.score!.weights).toEqual({ v1: 95, v2: 5 });
  });

  it('is idempotent across runs: a fresh run counts the step from the audit log and writes nothing early', async () => {
    await (await controllerOn(analysisFor('inconclusive'))).tick();
    offset = 5 * MIN;
    const second = await (await controllerOn(analysisFor('inconclusive'))).tick();
    expect(second).toMatchObject({ action: 'wait', code: 'min_duration', changed: false });
    expect(second.evidence.elapsedMs).toBeGreaterThanOrEqual(5 * MIN);
    expect(second.evidence.elapsedMs).toBeLessThan(6 * MIN);
    offset = 11 * MIN;
    const advanced = await (await controllerOn(analysisFor('inconclusive'))).tick();
    expect(advanced).toMatchObject({ action: 'advance', changed: true });
    expect((await read()).routes.score!.weights).toEqual({ v1: 50, v2: 50 });
    // The same decision written again (a run that crashed after its write, retried) changes nothing.
    const replay = { route: 'score', command: 'advance' as const, actor: 'x', reason: 'replay', evidence: advanced };
    expect(await fileWriter(file).write({ ...replay, edit: stageEdit(advanced) })).toEqual({ changed: false });
    expect((await audit()).map((e) => e.action)).toEqual(['advance', 'advance']);
  });

  it('rolls back with the evidence, and notes a hold once per version and reason', async () => {
    const holding = await controllerOn(analysisFor('collecting', true));
    expect(await holding.tick()).toMatchObject({ action: 'hold', code: 'srm_mismatch', changed: false });
    await holding.tick();
    expect((await audit()).map((e) => e.action)).toEqual(['hold']);
    expect((await read()).routes.score!.weights).toEqual({ v1: 95, v2: 5 });
    const rolling = await controllerOn(analysisFor('worse'));
    expect(await rolling.tick()).toMatchObject({ action: 'rollback', code: 'metric_worse', changed: true });
    expect((await read()).routes.score).toMatchObject({ weights: { v1: 100, v2: 0 }, stages: { candidate: 'v2' } });
    const log = await audit();
    expect(log.map((e) => e.action)).toEqual(['hold', 'rollback']);
    expect(log[1]!.evidence.evidence.metrics[0].verdict).toBe('worse');
  });

  it('refuses an edit that would make the file invalid, and writes nothing', async () => {
    const before = await readFile(file, 'utf8');
    await expect(
      fileWriter(file).write({
        route: 'score',
        command: 'advance',
        edit: (doc) => ({ ...doc, weights: { v1: 0, v2: 0 } }),
        actor: 'test',
        reason: 'bad',
        evidence: undefined as never,
      }),
    ).rejects.toThrow(/would make .* invalid; nothing was written/);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(existsSync(`${file}.audit.log`)).toBe(false);
  });
});
