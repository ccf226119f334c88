import { describe, expect, it } from 'vitest';
import { memorySource } from '../sources/memory-source.js';
import type { DelegateAssigner, RolloutSource } from '../sources/source.js';
import type { DelegateFailedEvent } from './events.js';
import { createRouter } from './create-router.js';
import { captureWarnings } from '../errors/capture-warnings.test-support.js';
import { manualClock } from '../clock/manual-clock.js';
import { manualShadowScheduler } from '../shadow/manual-scheduler.js';

const route = { champion: 'v3', weights: { v3: 100, v4: 0 }, overrides: { 'qa-1': 'v3' } };
const models = { v3: (x: number) => `v3:${x}`, v4: (x: number) => `v4:${x}`, v5: (x: number) => `v5:${x}` };

// `null`: the source has no document at all.
function delegating(delegate: DelegateAssigner, routeDoc: unknown = route): RolloutSource {
  const inner = memorySource(routeDoc === null ? undefined : { routes: { fraud: routeDoc } }, 'memory-delegate');
  return { name: inner.name, subscribe: inner.subscribe, close: inner.close, delegate };
}

async function routerWith(delegate: DelegateAssigner, routeDoc?: unknown) {
  const router = await createRouter({ route: 'fraud', models, source: delegating(delegate, routeDoc), fallback: 'v3' });
  const failures: DelegateFailedEvent[] = [];
  router.on('delegateFailed', (e) => failures.push(e));
  return { router, failures };
}

describe('delegate mode in the router', () => {
  it('uses the delegate\'s answer as the variant, with reason "delegate", passing unit and attributes', async () => {
    const seen: unknown[] = [];
    const { router, failures } = await routerWith({
      assign: async (unit, attributes) => (seen.push([unit, attributes]), 'v4'),
    });
    const { output, decision } = await router.predictDetailed(7, { unit: 'u1', attributes: { plan: 'beta' } });
    expect(output).toBe('v4:7');
    expect(decision).toMatchObject({ variant: 'v4', reason: 'delegate', assigned: 'v4', champion: 'v3', sticky: true });
    expect(seen).toEqual([['u1', { plan: 'beta' }]]);
    expect(failures).toEqual([]);
  });

  it('accepts a synchronous answer and marks calls without a unit as not sticky', async () => {
    const { router } = await routerWith({ assign: () => 'v5' });
    expect((await router.predictDetailed(1)).decision).toMatchObject({
      variant: 'v5',
      reason: 'delegate',
      sticky: false,
    });
  });

  it('follows the document when the delegate has no answer (undefined, null or "")', async () => {
    const { router, failures } = await routerWith({ assign: async () => undefined });
    expect((await router.predictDetailed(1, { unit: 'u1' })).decision).toMatchObject({
      variant: 'v3',
      reason: 'weighted',
    });
    const nulls = await routerWith({ assign: () => null });
    expect((await nulls.router.predictDetailed(1, { unit: 'u1' })).decision).toMatchObject({
      variant: 'v3',
      reason: 'weighted',
    });
    expect(nulls.failures).toEqual([]);
    const empty = await routerWith({ assign: async () => '' });
    expect((await empty.router.predictDetailed(1, { unit: 'u1' })).decision).toMatchObject({
      variant: 'v3',
      reason: 'weighted',
    });
    expect(empty.failures).toEqual([]);
    expect(failures).toEqual([]);
  });

  it("lets the document's overrides win without asking the delegate", async () => {
    let asked = 0;
    const { router } = await routerWith({ assign: () => (asked++, 'v4') });
    expect((await router.predictDetailed(1, { unit: 'qa-1' })).decision).toMatchObject({
      variant: 'v3',
      reason: 'override',
    });
    expect(asked).toBe(0);
  });

  it('never fails a call when the delegate throws or rejects: the weights answer and delegateFailed says why', async () => {
    for (const assign of [
      () => {
        throw new Error('boom');
      },
      () => Promise.reject(new Error('boom')),
    ]) {
      const { router, failures } = await routerWith({ assign });
      const { output, decision } = await router.predictDetailed(2, { unit: 'u1' });
      expect(output).toBe('v3:2');
      expect(decision.reason).toBe('weighted');
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ route: 'fraud', failure: 'error', variant: 'v3', origin: 'memory-delegate' });
      expect(failures[0]!.reason).toMatch(/the delegate threw: boom/);
    }
  });

  it('never waits more than delegateTimeoutMs for a delegate that hangs: the weights answer, delegateFailed says timeout', async () => {
    const clock = manualClock();
    const timer = manualShadowScheduler(clock);
    const router = await createRouter({
      route: 'fraud',
      models,
      source: delegating({ assign: () => new Promise<string>(() => undefined) }),
      fallback: 'v3',
      clock,
      guardTimer: timer,
      delegateTimeoutMs: 50,
    });
    const failures: DelegateFailedEvent[] = [];
    router.on('delegateFailed', (e) => failures.push(e));
    let answered: unknown;
    void router.predictDetailed(2, { unit: 'u1' }).then((r) => (answered = r));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBeUndefined();
    clock.advance(50);
    timer.runDue();
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toMatchObject({ output: 'v3:2', decision: { reason: 'weighted' } });
    expect(failures.map((f) => [f.failure, f.reason])).toEqual([
      ['timeout', 'the delegate did not answer within delegateTimeoutMs (50 ms)'],
    ]);
    await router.close();
  });

  it('describes any throw or answer without failing the call (no prototype, a throwing toString, a BigInt, a cycle)', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    for (const assign of [
      () => {
        throw Object.create(null);
      },
      () => {
        throw hostile;
      },
      () => 10n as unknown as string,
      () => cyclic as unknown as string,
    ]) {
      const { router, failures } = await routerWith({ assign });
      expect(await router.predict(2, { unit: 'u1' })).toBe('v3:2');
      expect(failures).toHaveLength(1);
      await router.close();
    }
  });

  it('never calls a model the router does not have: an unknown id falls back and is reported', async () => {
    for (const answer of ['v9', 42, ' v3']) {
      const { router, failures } = await routerWith({ assign: () => answer as string });
      const { output, decision } = await router.predictDetailed(3, { unit: 'u1' });
      expect(output).toBe('v3:3');
      expect(decision.reason).toBe('weighted');
      expect(failures.map((f) => f.failure)).toEqual(['unknown_model']);
      expect(failures[0]!.reason).toMatch(/not one of this router's models \(v3, v4, v5\)/);
    }
  });

  it('lets the delegate choose while no document is known; falls back to the fallback model when it fails', async () => {
    const good = await routerWith({ assign: () => 'v4' }, null);
    expect(good.router.document).toBeUndefined();
    expect((await good.router.predictDetailed(1, { unit: 'u' })).decision).toMatchObject({
      variant: 'v4',
      reason: 'delegate',
      champion: 'v3',
      configVersion: undefined,
    });
    const bad = await routerWith({ assign: () => 'nope' }, null);
    expect((await bad.router.predictDetailed(1, { unit: 'u' })).decision).toMatchObject({
      variant: 'v3',
      reason: 'fallback',
    });
    expect(bad.failures).toHaveLength(1);
  });

  it("keeps decide() synchronous: it reports the document's decision and asks no delegate", async () => {
    let asked = 0;
    const { router } = await routerWith({ assign: () => (asked++, 'v4') });
    expect(router.decide('u1')).toMatchObject({ variant: 'v3', reason: 'weighted' });
    expect(asked).toBe(0);
  });

  it('survives a delegateFailed listener that throws', async () => {
    const warnings = captureWarnings();
    const { router } = await routerWith({ assign: () => 'nope' });
    router.on('delegateFailed', () => {
      throw new Error('listener bug');
    });
    expect(await router.predict(5, { unit: 'u1' })).toBe('v3:5');
    expect(warnings.map((w) => w.message)).toEqual([
      'modelroute: a "delegateFailed" listener of route "fraud" threw; the router caught it and keeps working: listener bug',
    ]);
  });
});
