import { createRouter, type DelegateFailedEvent } from '@modelroute/core';
import { afterEach, describe, expect, it } from 'vitest';
import { launchDarklySource } from './launchdarkly-source.js';
import { sdks, type TestClient } from './sdk-harness.test-support.js';
import { counting, delegateRoute, models, rolloutFlag } from './test-helpers.test-support.js';

const flagKey = 'fraud-variant';
const units = Array.from({ length: 2000 }, (_, i) => `user-${i}`);

describe.each(sdks)('delegate mode with $name', (sdk) => {
  const open: Array<TestClient['client']> = [];
  const clientOn = (...args: Parameters<typeof sdk.withTestData>) => {
    const made = sdk.withTestData(...args);
    open.push(made.client);
    return made;
  };
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });

  async function setup(percentV4: number) {
    const td = sdk.testData();
    await td.usePreconfiguredFlag(rolloutFlag(flagKey, percentV4));
    const { client } = clientOn(td);
    const source = launchDarklySource({ client, flagKey, mode: 'delegate', route: delegateRoute });
    const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
    const failures: DelegateFailedEvent[] = [];
    router.on('delegateFailed', (e) => failures.push(e));
    return { td, client, source, router, failures };
  }

  const variants = async (router: Awaited<ReturnType<typeof setup>>['router']) => {
    const out = new Map<string, string>();
    for (const unit of units) {
      const { decision, output } = await router.predictDetailed(1, { unit });
      expect(decision.reason).toBe('delegate');
      expect(output).toBe(`${decision.variant === 'fraud-v4' ? 'v4' : 'v3'}:1`);
      out.set(unit, decision.variant);
    }
    return out;
  };

  it("lets LaunchDarkly's percentage rollout pick the variant per call, sticky per unit, as variation() does", async () => {
    const { client, router, failures } = await setup(20);
    const first = await variants(router);
    const inV4 = [...first.values()].filter((v) => v === 'fraud-v4').length;
    expect(inV4).toBeGreaterThan(units.length * 0.2 - 90);
    expect(inV4).toBeLessThan(units.length * 0.2 + 90);
    for (const unit of units.slice(0, 200)) {
      expect(first.get(unit)).toBe(await client.variation(flagKey, { kind: 'user', key: unit }, null));
    }
    expect(await variants(router)).toEqual(first);
    expect(failures).toEqual([]);
    expect(router.configVersion).toBeDefined(); // the route document backs champion, guard and shadow
  });

  it('moves live traffic on the next calls when the operator changes the rollout', async () => {
    const { td, router } = await setup(20);
    const before = await variants(router);
    await td.usePreconfiguredFlag(rolloutFlag(flagKey, 50, 2));
    const after = await variants(router);
    const inV4 = [...after.values()].filter((v) => v === 'fraud-v4').length;
    expect(inV4).toBeGreaterThan(units.length * 0.5 - 120);
    expect(inV4).toBeLessThan(units.length * 0.5 + 120);
    for (const [unit, variant] of before) if (variant === 'fraud-v4') expect(after.get(unit)).toBe('fraud-v4');
    await td.usePreconfiguredFlag(rolloutFlag(flagKey, 0, 3)); // rollback
    expect(new Set((await variants(router)).values())).toEqual(new Set(['fraud-v3']));
  });

  it("passes caller attributes to LaunchDarkly's targeting rules", async () => {
    const { router } = await setup(0);
    for (const unit of units.slice(0, 50)) {
      expect((await router.predictDetailed(1, { unit, attributes: { plan: 'beta' } })).decision).toMatchObject({
        variant: 'fraud-v4',
        reason: 'delegate',
      });
      expect((await router.predictDetailed(1, { unit, attributes: { plan: 'free' } })).decision.variant).toBe(
        'fraud-v3',
      );
    }
  });

  it('answers from the route document when the flag names an unknown model, and reports it', async () => {
    const { router, failures } = await setup(0);
    const { output, decision } = await router.predictDetailed(4, { unit: 'user-1', attributes: { plan: 'legacy' } });
    expect(output).toBe('v3:4');
    expect(decision).toMatchObject({ variant: 'fraud-v3', reason: 'weighted' });
    expect(failures).toEqual([
      expect.objectContaining({ failure: 'unknown_model', origin: `launchdarkly:${flagKey}`, variant: 'fraud-v3' }),
    ]);
    expect(failures[0]!.reason).toMatch(/"fraud-v9", which is not one of this router's models/);
  });

  it("does not ask LaunchDarkly for calls without a unit, nor for units pinned by the document's overrides", async () => {
    const td = sdk.testData();
    await td.usePreconfiguredFlag(rolloutFlag(flagKey, 100));
    const counted = counting(clientOn(td).client);
    const source = launchDarklySource({ client: counted.client, flagKey, mode: 'delegate', route: delegateRoute });
    const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
    expect((await router.predictDetailed(1)).decision).toMatchObject({ variant: 'fraud-v3', reason: 'random' });
    expect((await router.predictDetailed(1, { unit: 'qa-user' })).decision).toMatchObject({
      variant: 'fraud-v5',
      reason: 'override',
    });
    expect(counted.evaluations()).toBe(0);
    expect((await router.predictDetailed(1, { unit: 'u' })).decision).toMatchObject({
      variant: 'fraud-v4',
      reason: 'delegate',
    });
    expect(counted.evaluations()).toBe(1);
  });

  it('builds the context with contextFor, which may also cover calls without a unit', async () => {
    const td = sdk.testData();
    await td.usePreconfiguredFlag(rolloutFlag(flagKey, 0));
    const { client } = clientOn(td);
    const seen: unknown[] = [];
    const source = launchDarklySource({
      client,
      flagKey,
      mode: 'delegate',
      contextFor: (unit, attributes) => (
        seen.push([unit, attributes]),
        {
          kind: 'user',
          key: unit ?? 'anonymous-request',
          anonymous: unit === undefined,
          plan: attributes?.tier === 'gold' ? 'beta' : 'free',
        }
      ),
    });
    const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
    expect((await router.predictDetailed(1, { attributes: { tier: 'gold' } })).decision).toMatchObject({
      variant: 'fraud-v4',
      reason: 'delegate',
      sticky: false,
    });
    expect((await router.predictDetailed(1, { unit: 'u2', attributes: { tier: 'silver' } })).decision).toMatchObject({
      variant: 'fraud-v3',
      reason: 'delegate',
    });
    expect(seen).toEqual([
      [undefined, { tier: 'gold' }],
      ['u2', { tier: 'silver' }],
    ]);
  });

  it('works without a route document: the fallback model is the champion and answers what the flag does not', async () => {
    const td = sdk.testData();
    await td.usePreconfiguredFlag(rolloutFlag(flagKey, 100));
    const source = launchDarklySource({ client: clientOn(td).client, flagKey, mode: 'delegate' });
    const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
    expect(router.document).toBeUndefined();
    expect((await router.predictDetailed(1, { unit: 'u' })).decision).toMatchObject({
      variant: 'fraud-v4',
      reason: 'delegate',
      champion: 'fraud-v3',
    });
    expect((await router.predictDetailed(1)).decision).toMatchObject({ variant: 'fraud-v3', reason: 'fallback' });
  });

  it('keeps shadow, guard and failover working on the variants LaunchDarkly picks', async () => {
    const td = sdk.testData();
    await td.usePreconfiguredFlag(rolloutFlag(flagKey, 100)); // everyone to fraud-v4, which fails
    const shadowed: number[] = [];
    const failing = {
      'fraud-v3': (x: number) => `v3:${x}`,
      'fraud-v4': (): string => {
        throw new Error('fraud-v4 is down');
      },
      'fraud-v5': (x: number) => (shadowed.push(x), `v5:${x}`),
    };
    const route = {
      champion: 'fraud-v3',
      weights: { 'fraud-v3': 100, 'fraud-v4': 0 }, // the guard covers the models the document names
      shadow: [{ model: 'fraud-v5', fraction: 1 }],
      guard: { failover: true, errorRateRatio: 2, minCalls: 5, windowMs: 60_000 },
    };
    const source = launchDarklySource({ client: clientOn(td).client, flagKey, mode: 'delegate', route });
    const router = await createRouter({ route: 'fraud-score', models: failing, source, fallback: 'fraud-v3' });
    const trips: string[] = [];
    router.on('trip', (e) => trips.push(e.variant));
    for (let i = 0; i < 20; i++) {
      const { output, decision } = await router.predictDetailed(i, { unit: `user-${i}` });
      expect(output).toBe(`v3:${i}`); // failed over to the champion, then redirected by the guard
      expect(decision).toMatchObject({ assigned: 'fraud-v4', variant: 'fraud-v3', reason: 'guard' });
    }
    expect(trips).toEqual(['fraud-v4']);
    await router.close(); // drains shadow work
    expect(shadowed.length).toBeGreaterThan(0);
  });

  it('answers from the route document until the client is initialized, then follows the flag', async () => {
    const td = sdk.testData();
    await td.usePreconfiguredFlag(rolloutFlag(flagKey, 100));
    const { client, release, logs } = clientOn(td, { deferStart: true });
    const counted = counting(client);
    const source = launchDarklySource({
      client: counted.client,
      flagKey,
      mode: 'delegate',
      route: delegateRoute,
      initTimeoutMs: 1,
    });
    const router = await createRouter({
      route: 'fraud-score',
      models,
      source,
      fallback: 'fraud-v3',
      readyTimeoutMs: 60_000,
    });
    expect((await router.predictDetailed(1, { unit: 'u' })).decision).toMatchObject({
      variant: 'fraud-v3',
      reason: 'weighted',
    });
    expect(counted.evaluations()).toBe(0);
    const ready = new Promise((resolve) => client.on('ready', resolve));
    release();
    await ready;
    expect((await router.predictDetailed(1, { unit: 'u' })).decision).toMatchObject({
      variant: 'fraud-v4',
      reason: 'delegate',
    });
    expect(logs.filter((l) => /before .*initiali[sz]/i.test(l))).toEqual([]);
  });
});
