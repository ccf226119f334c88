// Auto promotion racing a person: the gate's verdict is about the document the controller read; by the
// time it writes, someone may have changed the file. The write is a compare-and-set on the file as it is.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AutoPromotion, RouteDocument } from '@modelroute/core';
import { rolloutController } from '@modelroute/core/controller';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeRoute } from '../file/change-file.js';
import { readHistory } from '../history/read-history.js';
import { gatedRoute, gatedRouter, seeded, trafficDay } from '../gate-traffic.test-support.js';
import { modelroute } from '../run-modelroute.test-support.js';
import { fileWriter } from './file-writer.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-gate-race-'));
  file = join(dir, 'rollout.json');
  await writeFile(file, JSON.stringify({ routes: { offers: gatedRoute({ mode: 'auto', minDays: 2 }) } }, null, 2));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('auto promotion racing a person', () => {
  it('a switch to manual mode made after the gate was read and before the write stops the promotion', async () => {
    const { router, clock } = await gatedRouter(file);
    const writer = fileWriter(file);
    let switched = false;
    const controller = rolloutController({
      router,
      clock,
      intervalMs: 0,
      writer: {
        async write(request) {
          if (request.command === 'promote' && !switched) {
            // alice takes the route to manual mode: her change lands before the controller's write.
            switched = true;
            await changeRoute(
              file,
              'offers',
              'gate',
              (doc: RouteDocument) => ({ ...doc, gate: { ...doc.gate, mode: 'manual' } }),
              () => 'gate mode manual',
              { actor: 'alice' },
            );
          }
          return writer.write(request);
        },
      },
    });
    const random = seeded(7);
    let promotion: AutoPromotion | undefined;
    for (let day = 0; day < 8 && promotion === undefined; day++) {
      await trafficDay(router, clock, random, day);
      promotion = (await controller.tick()).promotion;
    }
    expect(switched).toBe(true);
    expect(promotion).toMatchObject({ challenger: 'chal', changed: false });
    const inFile = JSON.parse(await readFile(file, 'utf8')).routes.offers;
    expect(inFile).toMatchObject({ champion: 'champ', weights: { champ: 90, chal: 10 }, gate: { mode: 'manual' } });
    expect((await readHistory(file)).map((e) => e.action)).toEqual(['gate']);
    expect((await modelroute(['audit', 'verify', file])).code).toBe(0);
    await router.close();
  });
});
