// Auto mode end to end: a router on a manual clock following a rollout file, the rollout controller and the
// CLI's file writer. Seeded days of traffic; the gate opens; the controller promotes through the file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AutoPromotion } from '@modelroute/core';
import { rolloutController } from '@modelroute/core/controller';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setWeights } from '../commands/set-weights.js';
import { addModel } from '../registry/add-model.js';
import { gatedRoute, gatedRouter, seeded, trafficDay } from '../gate-traffic.test-support.js';
import { modelroute } from '../run-modelroute.test-support.js';
import { fileWriter } from './file-writer.js';

const START = Date.parse('2026-11-02T00:00:00Z');
const route = gatedRoute({ mode: 'auto', minDays: 2 });
const model = (id: string) => ({
  id,
  version: '1',
  artifactUri: `s3://models/${id}.onnx`,
  sha256: 'a'.repeat(64),
  createdAt: '2026-11-01T00:00:00Z',
  owner: 'ml-team',
});

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-gate-controller-'));
  file = join(dir, 'rollout.json');
  await writeFile(file, JSON.stringify({ routes: { offers: route } }, null, 2));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function setup() {
  const { router, clock } = await gatedRouter(file);
  const controller = rolloutController({
    router,
    writer: fileWriter(file, { now: () => new Date(START + clock.now()) }),
    clock,
    intervalMs: 0,
  });
  return { clock, router, controller };
}

/** Simulated days until the controller reports a promotion (written or failed). */
async function untilPromotion(t: Awaited<ReturnType<typeof setup>>, random: () => number) {
  for (let n = 0; n < 8; n++) {
    await trafficDay(t.router, t.clock, random, n);
    const { promotion } = await t.controller.tick();
    if (promotion !== undefined) return { promotion, day: n };
  }
  throw new Error('the gate never promoted');
}

describe('modelroute controller logic, gate.mode "auto": router + rolloutController + fileWriter', () => {
  it('promotes through the file once; history --at names the new champion; audit verify passes', async () => {
    // The history starts with a person's change at START: the 10% challenger goes in.
    await writeFile(file, JSON.stringify({ routes: { offers: { ...route, weights: { champ: 100, chal: 0 } } } }));
    await setWeights(file, 'offers', { champ: 90, chal: 10 }, { actor: 'alice', now: () => new Date(START) });
    const t = await setup();
    const applied = new Promise((resolve) => t.router.on('applied', resolve));
    const { promotion, day: on } = await untilPromotion(t, seeded(7));
    expect(on).toBeGreaterThanOrEqual(2); // minDays 2: not before
    expect(promotion).toMatchObject({ challenger: 'chal', champion: 'champ', changed: true });
    const promotedAt = new Date(START + t.clock.now()).toISOString();
    await applied; // the router follows the file it watches
    expect(t.router.document).toMatchObject({ champion: 'chal', rollbackTo: 'champ' });
    const inFile = JSON.parse(await readFile(file, 'utf8')).routes.offers;
    expect(inFile).toMatchObject({ champion: 'chal', weights: { champ: 0, chal: 100 }, rollbackTo: 'champ' });

    // The next ticks write nothing more (the gate's readiness was used once).
    expect((await t.controller.tick()).promotion).toBeUndefined();
    await trafficDay(t.router, t.clock, seeded(99), 9);
    expect((await t.controller.tick()).promotion).toBeUndefined();

    const history = await modelroute(['history', file, '--route', 'offers', '--json']);
    const { entries } = JSON.parse(history.stdout) as {
      entries: { action: string; actor: string; evidence: unknown }[];
    };
    const promotions = entries.filter((e) => e.action === 'promote');
    expect(promotions).toHaveLength(1);
    expect(promotions[0]).toMatchObject({
      actor: 'modelroute-controller',
      evidence: {
        approvals: [
          {
            actor: 'modelroute-controller',
            at: promotedAt,
            evidence: { challenger: 'chal', champion: 'champ', metric: 'converted', minDays: 2 },
          },
        ],
      },
    });
    const at = await modelroute(['history', file, '--route', 'offers', '--at', promotedAt, '--json']);
    expect(JSON.parse(at.stdout)).toMatchObject({ champion: 'chal', weights: { champ: 0, chal: 100 } });
    const before = new Date(Date.parse(promotedAt) - 1).toISOString();
    const earlier = await modelroute(['history', file, '--route', 'offers', '--at', before, '--json']);
    expect(JSON.parse(earlier.stdout)).toMatchObject({ champion: 'champ', weights: { champ: 90, chal: 10 } });
    expect((await modelroute(['audit', 'verify', file])).code).toBe(0);
    await t.router.close();
  });

  it('a refused promotion (challenger not registered) is reported, the file is unchanged, and the next tick retries', async () => {
    await addModel(file, model('champ'));
    const t = await setup();
    const errors: unknown[] = [];
    t.controller.on('error', (e) => errors.push(e));
    const text = await readFile(file, 'utf8');
    const { promotion } = await untilPromotion(t, seeded(8));
    expect(promotion).toMatchObject({ challenger: 'chal', changed: false });
    expect(promotion.error).toContain('not in the model registry');
    expect(String(errors[0])).toContain('not in the model registry');
    expect(await readFile(file, 'utf8')).toBe(text);

    await addModel(file, model('chal'));
    const retried: AutoPromotion | undefined = (await t.controller.tick()).promotion;
    expect(retried).toMatchObject({ challenger: 'chal', changed: true });
    expect(JSON.parse(await readFile(file, 'utf8')).routes.offers.champion).toBe('chal');
    expect((await modelroute(['audit', 'verify', file])).code).toBe(0);
    await t.router.close();
  });
});
