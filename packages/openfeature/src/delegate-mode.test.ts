import { createRouter, type DelegateFailedEvent } from '@modelroute/core';
import { TypedInMemoryProvider } from '@openfeature/server-sdk';
import { describe, expect, it } from 'vitest';
import { openFeatureSource } from './openfeature-source.js';
import { clientFor, heldProvider, models, rolloutFlag } from './test-helpers.test-support.js';

const flagKey = 'fraud-variant';
const units = Array.from({ length: 2000 }, (_, i) => `user-${i}`);
const route = {
  champion: 'fraud-v3',
  weights: { 'fraud-v3': 100, 'fraud-v4': 0 },
  overrides: { 'qa-user': 'fraud-v5' },
};

async function setup(percentV4: number, withRoute = true) {
  const provider = new TypedInMemoryProvider({ [flagKey]: rolloutFlag(percentV4) });
  const client = await clientFor(provider);
  const source = openFeatureSource({ client, flagKey, mode: 'delegate', ...(withRoute ? { route } : {}) });
  const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
  const failures: DelegateFailedEvent[] = [];
  router.on('delegateFailed', (e) => failures.push(e));
  return { provider, client, source, router, failures };
}

async function variants(router: Awaited<ReturnType<typeof setup>>['router']) {
  const out = new Map<string, string>();
  for (const unit of units) {
    const { decision } = await router.predictDetailed(1, { unit });
    expect(decision.reason).toBe('delegate');
    out.set(unit, decision.variant);
  }
  return out;
}

const share = (m: Map<string, string>, variant: string) => [...m.values()].filter((v) => v === variant).length / m.size;

describe('OpenFeature delegate mode (in-memory provider)', () => {
  it("lets the provider's targeting pick the variant per call, as getStringValue() does", async () => {
    const { client, router, failures } = await setup(25);
    const first = await variants(router);
    expect(share(first, 'fraud-v4')).toBeGreaterThan(0.25 - 0.05);
    expect(share(first, 'fraud-v4')).toBeLessThan(0.25 + 0.05);
    for (const unit of units.slice(0, 100))
      expect(first.get(unit)).toBe(await client.getStringValue(flagKey, '', { targetingKey: unit }));
    expect(await variants(router)).toEqual(first);
    expect(failures).toEqual([]);
  });

  it('moves live traffic on the next calls when the flag changes', async () => {
    const { provider, router } = await setup(25);
    const before = await variants(router);
    provider.putConfiguration({ [flagKey]: rolloutFlag(60) });
    const after = await variants(router);
    expect(share(after, 'fraud-v4')).toBeGreaterThan(0.6 - 0.05);
    for (const [unit, variant] of before) if (variant === 'fraud-v4') expect(after.get(unit)).toBe('fraud-v4');
  });

  it("passes caller attributes to the provider's targeting", async () => {
    const { router } = await setup(0);
    expect((await router.predictDetailed(1, { unit: 'u1', attributes: { plan: 'beta' } })).decision).toMatchObject({
      variant: 'fraud-v4',
      reason: 'delegate',
    });
    expect((await router.predictDetailed(1, { unit: 'u1', attributes: { plan: 'free' } })).decision).toMatchObject({
      variant: 'fraud-v3',
      reason: 'delegate',
    });
  });

  it('answers from the route document when the flag names an unknown model, and reports it', async () => {
    const { router, failures } = await setup(0);
    expect(await router.predict(4, { unit: 'u1', attributes: { plan: 'legacy' } })).toBe('v3:4');
    expect(failures).toEqual([
      expect.objectContaining({ failure: 'unknown_model', origin: `openfeature:${flagKey}`, variant: 'fraud-v3' }),
    ]);
  });

  it('follows the route document for calls without a unit, pinned units, and a missing flag', async () => {
    const { provider, router, failures } = await setup(100);
    expect((await router.predictDetailed(1)).decision).toMatchObject({ variant: 'fraud-v3', reason: 'random' });
    expect((await router.predictDetailed(1, { unit: 'qa-user' })).decision).toMatchObject({
      variant: 'fraud-v5',
      reason: 'override',
    });
    provider.putConfiguration({});
    expect((await router.predictDetailed(1, { unit: 'u1' })).decision).toMatchObject({
      variant: 'fraud-v3',
      reason: 'weighted',
    });
    expect(failures).toEqual([]);
  });

  it('works without a route document: the fallback model is the champion', async () => {
    const { router } = await setup(100, false);
    expect(router.document).toBeUndefined();
    expect((await router.predictDetailed(1, { unit: 'u1' })).decision).toMatchObject({
      variant: 'fraud-v4',
      reason: 'delegate',
      champion: 'fraud-v3',
    });
  });

  it('answers from the route document until the provider is ready, then follows the flag', async () => {
    const held = heldProvider({ [flagKey]: rolloutFlag(100) });
    const client = await clientFor(held.provider, false);
    const source = openFeatureSource({ client, flagKey, mode: 'delegate', route, initTimeoutMs: 1 });
    const router = await createRouter({
      route: 'fraud-score',
      models,
      source,
      fallback: 'fraud-v3',
      readyTimeoutMs: 60_000,
    });
    expect((await router.predictDetailed(1, { unit: 'u1' })).decision).toMatchObject({
      variant: 'fraud-v3',
      reason: 'weighted',
    });
    const ready = new Promise((resolve) => client.addHandler('PROVIDER_READY' as never, resolve));
    held.release();
    await ready;
    expect((await router.predictDetailed(1, { unit: 'u1' })).decision).toMatchObject({
      variant: 'fraud-v4',
      reason: 'delegate',
    });
  });
});
