import { describe, expect, it } from 'vitest';
import { championChallengerDoc, gateRouter, simulateDay, type Behaviour } from '../gate/gate.test-support.js';
import type { GateConfig } from '../rollout/gate-schema.js';
import { collect, sdkProvider } from '../telemetry/metrics.test-support.js';
import { memoryWriter } from './memory-writer.js';
import type { AutoPromotion } from './gate-promoter.js';
import { rolloutController } from './rollout-controller.js';
import type { RolloutWriter } from './rollout-writer.js';

const better: Behaviour = { champ: { rate: 0.1, latency: 100 }, chal: { rate: 0.16, latency: 100 } };
const CALLS = 4000;

async function rig(gate: GateConfig, wrap?: (writer: RolloutWriter) => RolloutWriter) {
  const r = await gateRouter(gate);
  const writer = memoryWriter({
    source: r.source,
    document: { routes: { offers: championChallengerDoc(gate) } },
    clock: r.clock,
  });
  const { provider, reader } = sdkProvider();
  const controller = rolloutController({
    router: r.router,
    writer: wrap === undefined ? writer : wrap(writer),
    clock: r.clock,
    intervalMs: 0,
    meterProvider: provider,
  });
  const promotions: AutoPromotion[] = [];
  controller.on('promotion', (p) => promotions.push(p));
  return { ...r, writer, controller, promotions, reader };
}

describe('rolloutController: the gate promotes in auto mode', () => {
  it('promotes the ready challenger once, with the evidence: old champion rollbackTo, the router follows', async () => {
    const t = await rig({ mode: 'auto', minDays: 3 });
    const days: (string | undefined)[] = [];
    for (let day = 0; day < 7; day++) {
      await simulateDay(t, better, CALLS, 100 + day);
      days.push((await t.controller.tick()).promotion?.challenger);
    }
    // Not before the gate is ready (3 days and the checkpoints back), then once.
    expect(days.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(days.filter((d) => d === 'chal')).toHaveLength(1);
    expect(t.promotions).toHaveLength(1);
    const [entry] = t.writer.history;
    expect(entry).toMatchObject({ command: 'promote', actor: 'modelroute-controller' });
    expect(entry!.evidence).toMatchObject({ challenger: 'chal', champion: 'champ', metric: 'converted', minDays: 3 });
    expect(entry!.reason).toContain('beats champ');
    expect(t.writer.document.routes.offers).toMatchObject({
      champion: 'chal',
      weights: { champ: 0, chal: 100 },
      rollbackTo: 'champ',
    });
    expect(t.router.document).toMatchObject({ champion: 'chal', rollbackTo: 'champ' });
    expect(t.promotions[0]).toMatchObject({ challenger: 'chal', champion: 'champ', changed: true });
    const points = (await collect(t.reader)).filter((p) => p.name === 'modelroute.controller.decisions');
    expect(points).toContainEqual(
      expect.objectContaining({
        value: 1,
        attributes: expect.objectContaining({ 'modelroute.controller.action': 'promote' }),
      }),
    );
  });

  it('manual mode (and no mode) never writes, though the gate is ready', async () => {
    for (const gate of [{ mode: 'manual', minDays: 1 }, { minDays: 1 }] as const) {
      const t = await rig(gate);
      for (let day = 0; day < 4; day++) {
        await simulateDay(t, better, CALLS, 200 + day);
        expect((await t.controller.tick()).promotion).toBeUndefined();
      }
      expect(t.router.gateStatus()!.ready).toBe(true);
      expect(t.writer.history.filter((e) => e.command === 'promote')).toEqual([]);
      expect(t.router.document!.champion).toBe('champ');
    }
  });

  it('a promotion that fails to write is reported and tried again at the next tick', async () => {
    let failures = 1;
    const t = await rig({ mode: 'auto', minDays: 1 }, (writer) => ({
      write: async (request) => {
        if (request.command === 'promote' && failures-- > 0) throw new Error('the rollout file is locked');
        return writer.write(request);
      },
    }));
    const errors: unknown[] = [];
    t.controller.on('error', (e) => errors.push(e));
    let first: AutoPromotion | undefined;
    for (let day = 0; day < 6 && first === undefined; day++) {
      await simulateDay(t, better, CALLS, 300 + day);
      first = (await t.controller.tick()).promotion;
    }
    expect(first).toMatchObject({ challenger: 'chal', changed: false, error: 'the rollout file is locked' });
    expect((errors[0] as Error).message).toBe('the rollout file is locked');
    expect(t.router.document!.champion).toBe('champ');
    const retry = await t.controller.tick();
    expect(retry.promotion).toMatchObject({ challenger: 'chal', changed: true });
    expect(retry.promotion!.error).toBeUndefined();
    expect(t.router.document!.champion).toBe('chal');
    expect((await t.controller.tick()).promotion).toBeUndefined();
    expect(t.writer.history.filter((e) => e.command === 'promote')).toHaveLength(1);
  });
});
