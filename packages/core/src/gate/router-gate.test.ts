import { describe, expect, it } from 'vitest';
import { flatten, sdkProvider } from '../telemetry/metrics.test-support.js';
import type { GateReadyEvent } from './gate-runner.js';
import { promoteWhenReady, type GatePromotion } from './promote-when-ready.js';
import { championChallengerDoc, DAY, gateRouter, simulateDay, type Behaviour } from './gate.test-support.js';

const same: Behaviour = { champ: { rate: 0.1, latency: 100 }, chal: { rate: 0.1, latency: 100 } };
const better: Behaviour = { champ: { rate: 0.1, latency: 100 }, chal: { rate: 0.16, latency: 100 } };
const CALLS = 4000; // per day: the 10% challenger gets ~400

describe('the promotion gate in the router (manual clock, seeded days)', () => {
  it('opens when the challenger has beaten the champion over minDays of the window, once, with the evidence', async () => {
    const { provider, reader } = sdkProvider();
    const rig = await gateRouter({ minDays: 3 }, provider);
    const ready: GateReadyEvent[] = [];
    rig.router.on('gateReady', (e) => ready.push(e));
    const seen: boolean[] = [];
    for (let day = 0; day < 7; day++) {
      await simulateDay(rig, better, CALLS, 100 + day);
      seen.push(rig.router.gateStatus()!.ready);
    }
    // Not before 3 days of concurrent traffic and 3 checkpoints back; then open and staying open.
    expect(seen.slice(0, 3)).toEqual([false, false, false]);
    expect(seen.at(-1)).toBe(true);
    const firstOpen = seen.indexOf(true);
    expect(seen.slice(firstOpen).every(Boolean)).toBe(true);
    expect(ready).toHaveLength(1);
    const status = rig.router.gateStatus()!;
    expect(status).toMatchObject({ ready: true, challenger: 'chal' });
    expect(status.evidence).toMatchObject({ champion: 'champ', metric: 'converted', minDays: 3, concurrentBuckets: 6 });
    // Day 0 has left the window: it holds days 1 to 6 and the current (day 7, empty so far).
    expect(status.evidence!.alwaysValidPValue).toBeLessThan(0.05);
    expect(status.evidence!.lift).toBeGreaterThanOrEqual(0.1);
    expect(status.evidence!.checkpoints).toHaveLength(4);
    expect(status.evidence!.checkpoints.every((c) => c.passed)).toBe(true);
    expect(status.evidence!.guardrails).toEqual([expect.objectContaining({ metric: 'latency', passed: true })]);
    expect(ready[0]).toMatchObject({ route: 'offers', challenger: 'chal', ready: true });
    expect(JSON.parse(JSON.stringify(ready[0]!.evidence))).toMatchObject({ challenger: 'chal' });
    const points = flatten((await reader.collect()).resourceMetrics).filter((p) => p.name === 'modelroute.gate.ready');
    expect(points).toEqual([
      expect.objectContaining({
        value: 1,
        attributes: { 'feature_flag.key': 'offers', 'feature_flag.result.variant': 'chal' },
      }),
    ]);
  });

  it('a challenger better only on the last day is not ready (with minDays 3); the same window is ready with minDays 0', async () => {
    const lastDay: Behaviour = { champ: { rate: 0.1, latency: 100 }, chal: { rate: 0.5, latency: 100 } };
    for (const minDays of [3, 0]) {
      const rig = await gateRouter({ minDays });
      for (let day = 0; day < 6; day++) await simulateDay(rig, same, CALLS, 200 + day);
      await simulateDay(rig, lastDay, CALLS, 206);
      const status = rig.router.gateStatus()!;
      if (minDays === 3) {
        expect(status.ready).toBe(false);
        expect(status.candidates[0]!.evidence.checkpoints[0]!.passed).toBe(true); // better now...
        expect(status.candidates[0]!.evidence.checkpoints.slice(1).some((c) => !c.passed)).toBe(true); // ...not before
        expect(status.reason).toContain('not yet at the checkpoint');
      } else expect(status.ready).toBe(true);
    }
  });

  it('stays closed when the challenger is no better, and when a guardrail is worse than its margin', async () => {
    const noBetter = await gateRouter({ minDays: 3 });
    for (let day = 0; day < 7; day++) await simulateDay(noBetter, same, CALLS, 300 + day);
    expect(noBetter.router.gateStatus()).toMatchObject({ ready: false, reason: expect.stringContaining('not better') });

    const slow = await gateRouter({ minDays: 3 });
    const slower: Behaviour = { champ: { rate: 0.1, latency: 100 }, chal: { rate: 0.16, latency: 130 } };
    for (let day = 0; day < 7; day++) await simulateDay(slow, slower, CALLS, 400 + day);
    const status = slow.router.gateStatus()!;
    expect(status.ready).toBe(false);
    expect(status.reason).toContain('guardrail "latency"');
  });

  it('is inactive without a gate section, and old buckets leave the window (7 daily buckets)', async () => {
    const rig = await gateRouter({ minDays: 3 });
    rig.source.set({ routes: { offers: { ...championChallengerDoc(), gate: undefined } } });
    expect(rig.router.gateStatus()).toBeUndefined();
    rig.source.set({
      routes: { offers: championChallengerDoc({ minDays: 1, window: { buckets: 2, bucketMs: DAY } }) },
    });
    await simulateDay(rig, better, 2000, 500);
    await simulateDay(rig, better, 2000, 501);
    // At the start of day 2 the 2-bucket window holds day 1 and the current day: day 0 has left.
    expect(rig.router.gateStatus()!.candidates[0]!.evidence.concurrentBuckets).toBe(1);
    rig.clock.advance(3 * DAY);
    expect(rig.router.gateStatus()).toMatchObject({
      ready: false,
      reason: 'no challenger has outcomes in the window yet',
    });
  });
});

describe('promoteWhenReady (auto mode)', () => {
  it('writes the promotion as actor "gate" with the evidence in auto mode only', async () => {
    const rig = await gateRouter({ minDays: 1, mode: 'auto' });
    for (let day = 0; day < 4; day++) await simulateDay(rig, better, CALLS, 600 + day);
    const status = rig.router.gateStatus()!;
    expect(status.ready).toBe(true);
    const writes: [string, string, GatePromotion][] = [];
    const write = async (route: string, challenger: string, p: GatePromotion) =>
      void writes.push([route, challenger, p]);
    expect(await promoteWhenReady(status, { mode: 'manual' }, write)).toBe(false);
    expect(await promoteWhenReady(status, undefined, write)).toBe(false);
    expect(await promoteWhenReady({ ...status, ready: false }, { mode: 'auto' }, write)).toBe(false);
    expect(writes).toEqual([]);
    expect(await promoteWhenReady(status, rig.router.document!.gate, write)).toBe(true);
    expect(writes).toEqual([['offers', 'chal', { actor: 'gate', reason: status.reason, evidence: status.evidence }]]);
  });
});
