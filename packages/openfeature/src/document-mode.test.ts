import { createRouter } from '@modelroute/core';
import type { SourceUpdate } from '@modelroute/core/source-kit';
import { DefaultLogger, OpenFeature, TypedInMemoryProvider } from '@openfeature/server-sdk';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { OpenFeatureClient } from './client.js';
import { openFeatureSource } from './openfeature-source.js';
import {
  clientFor,
  heldProvider,
  models,
  nextEvent,
  stage,
  stagesFlag,
  units,
  unitsIn,
} from './test-helpers.test-support.js';

const flagKey = 'fraud-score-rollout';

function counting(client: OpenFeatureClient) {
  let n = 0;
  const wrapped: OpenFeatureClient = {
    getObjectDetails: (...args) => (n++, client.getObjectDetails(...args)),
    getStringValue: (...args) => (n++, client.getStringValue(...args)),
    addHandler: (...args) => client.addHandler(...args),
    removeHandler: (...args) => client.removeHandler(...args),
    get providerStatus() {
      return client.providerStatus;
    },
  };
  return { client: wrapped, evaluations: () => n };
}

describe('OpenFeature document mode (in-memory provider)', () => {
  it('follows the object flag through canary stages on the next calls, evaluating it once per change', async () => {
    const provider = new TypedInMemoryProvider({ [flagKey]: stagesFlag('five') });
    const counted = counting(await clientFor(provider));
    const source = openFeatureSource({ client: counted.client, flagKey });
    const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
    expect(router.configVersion).toBe('canary-5');
    const at5 = unitsIn(router, 'fraud-v4');
    expect(at5.size).toBeGreaterThan(units.length * 0.05 - 90);
    expect(at5.size).toBeLessThan(units.length * 0.05 + 90);
    const evaluations = counted.evaluations();
    for (let i = 0; i < 300; i++)
      expect((await router.predictDetailed(i, { unit: units[i] })).decision.reason).toBe('weighted');
    expect(counted.evaluations()).toBe(evaluations);

    let applied = nextEvent(router, 'applied');
    provider.putConfiguration({ [flagKey]: stagesFlag('twenty') });
    expect(await applied).toMatchObject({
      version: 'canary-20',
      previousVersion: 'canary-5',
      origin: `openfeature:${flagKey}`,
    });
    const at20 = unitsIn(router, 'fraud-v4');
    expect(at20.size).toBeGreaterThan(units.length * 0.2 - 160);
    for (const unit of at5) expect(at20.has(unit)).toBe(true);

    applied = nextEvent(router, 'applied');
    provider.putConfiguration({ [flagKey]: stagesFlag('fifty') });
    await applied;
    const at50 = unitsIn(router, 'fraud-v4');
    for (const unit of at20) expect(at50.has(unit)).toBe(true);

    applied = nextEvent(router, 'applied');
    provider.putConfiguration({ [flagKey]: stagesFlag('five') }); // rollback
    expect((await applied).version).toBe('canary-5');
    expect(unitsIn(router, 'fraud-v4')).toEqual(at5);
    await source.close();
  });

  it('ignores configuration changes of other flags', async () => {
    const provider = new TypedInMemoryProvider({ [flagKey]: stagesFlag('five') });
    const counted = counting(await clientFor(provider));
    const source = openFeatureSource({ client: counted.client, flagKey });
    await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
    const evaluations = counted.evaluations();
    const same = provider['_flagConfiguration' as keyof typeof provider] as Record<string, unknown>;
    provider.putConfiguration({
      ...same,
      'other-flag': { variants: { on: true }, defaultVariant: 'on', disabled: false },
    } as never);
    await new Promise((resolve) => setImmediate(resolve));
    expect(counted.evaluations()).toBe(evaluations);
    await source.close();
  });

  it('rejects a flag value that does not validate, says why, and keeps the last good document', async () => {
    const provider = new TypedInMemoryProvider({ [flagKey]: stagesFlag('five') });
    const source = openFeatureSource({ client: await clientFor(provider), flagKey });
    const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
    const bad: Array<[value: unknown, reason: RegExp]> = [
      [
        { champion: 'fraud-v3', weights: { 'fraud-v3': 90, 'fraud-v4': -10 } },
        /routes\.fraud-score\.weights\.fraud-v4: must be 0 or a number from 1e-9 to 1000000000 \(only the ratios matter: scale the weights into this range\), got -10/,
      ],
      [{ champion: 'fraud-v9', weights: { 'fraud-v9': 1 } }, /model "fraud-v9" is not one of this router's models/],
      ['fraud-v4', /flag "fraud-score-rollout" is not an object flag/],
      [[stage(20)], /served an array, not a route document/],
    ];
    for (const [value, reason] of bad) {
      const rejected = nextEvent(router, 'rejected');
      provider.putConfiguration({
        [flagKey]: { variants: { only: value as never }, defaultVariant: 'only', disabled: false },
      });
      const event = await rejected;
      expect(event.reason).toMatch(reason);
      expect(event).toMatchObject({ keptVersion: 'canary-5', origin: `openfeature:${flagKey}` });
      expect(router.configVersion).toBe('canary-5');
    }
    const rejected = nextEvent(router, 'rejected');
    provider.putConfiguration({ [flagKey]: { ...stagesFlag('twenty'), disabled: true } });
    expect((await rejected).reason).toMatch(/served no value \(reason DISABLED; is it disabled\?\)/);
    const applied = nextEvent(router, 'applied');
    provider.putConfiguration({ [flagKey]: stagesFlag('twenty') });
    expect((await applied).version).toBe('canary-20');
    await source.close();
  });

  it('starts on the fallback while the flag does not exist, and applies it when it is created', async () => {
    const provider = new TypedInMemoryProvider({});
    const source = openFeatureSource({ client: await clientFor(provider), flagKey });
    const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
    expect(router.decide('u1')).toMatchObject({ variant: 'fraud-v3', reason: 'fallback' });
    const applied = nextEvent(router, 'applied');
    provider.putConfiguration({ [flagKey]: stagesFlag('fifty') });
    expect((await applied).version).toBe('canary-50');
    await source.close();
  });

  it('never hangs on a provider that is not ready: fallback after initTimeoutMs, then the flag when it is', async () => {
    const held = heldProvider({ [flagKey]: stagesFlag('twenty') });
    const client = await clientFor(held.provider, false);
    const source = openFeatureSource({ client, flagKey, initTimeoutMs: 1 });
    const router = await createRouter({
      route: 'fraud-score',
      models,
      source,
      fallback: 'fraud-v3',
      readyTimeoutMs: 60_000,
    });
    expect(client.providerStatus).toBe('NOT_READY');
    expect(await router.predict(3, { unit: 'u1' })).toBe('v3:3');
    const applied = nextEvent(router, 'applied');
    held.release();
    expect((await applied).version).toBe('canary-20');
    await source.close();
  });

  it('says that the evaluation hangs, not that the provider is not ready, when a ready provider never answers', async () => {
    const client: OpenFeatureClient = await clientFor(new TypedInMemoryProvider({ [flagKey]: stagesFlag('five') }));
    const hung: OpenFeatureClient = {
      getObjectDetails: () => new Promise(() => undefined),
      getStringValue: (...args) => client.getStringValue(...args),
      addHandler: (...args) => client.addHandler(...args),
      removeHandler: (...args) => client.removeHandler(...args),
      get providerStatus() {
        return client.providerStatus;
      },
    };
    const warnings: string[] = [];
    const source = openFeatureSource({ client: hung, flagKey, initTimeoutMs: 1 });
    const router = await createRouter({
      route: 'fraud-score',
      models,
      source,
      fallback: 'fraud-v3',
      onWarning: (w) => void warnings.push(w.message),
    });
    expect(router.decide('u1').reason).toBe('fallback');
    expect(warnings.join('\n')).toContain(
      `the OpenFeature provider is ready, but evaluating flag "${flagKey}" has not answered within 1 ms`,
    );
    await source.close();
  });

  it('settles ready at once when the provider fails to initialize', async () => {
    // The SDK logs the failed initialization: captured and asserted here rather than printed.
    const logged: unknown[][] = [];
    const ignore = () => {};
    OpenFeature.setLogger({
      error: (...args: unknown[]) => logged.push(args),
      warn: ignore,
      info: ignore,
      debug: ignore,
    });
    onTestFinished(() => {
      OpenFeature.setLogger(new DefaultLogger());
    });
    const held = heldProvider({ [flagKey]: stagesFlag('twenty') });
    const client = await clientFor(held.provider, false);
    const source = openFeatureSource({ client, flagKey, initTimeoutMs: 60_000 });
    const updates: SourceUpdate[] = [];
    const subscription = source.subscribe((u) => updates.push(u));
    held.fail(new Error('bad credentials'));
    await subscription.ready;
    expect(updates).toEqual([
      expect.objectContaining({ type: 'absent', reason: expect.stringMatching(/provider reported an error/) }),
    ]);
    await new Promise((resolve) => setImmediate(resolve)); // the SDK logs from a promise's catch
    expect(logged).toEqual([['Error during provider initialization:', new Error('bad credentials')]]);
    await source.close();
  });

  it('removes its handlers on close()', async () => {
    const provider = new TypedInMemoryProvider({ [flagKey]: stagesFlag('five') });
    const client = await clientFor(provider);
    const before = ['PROVIDER_READY', 'PROVIDER_ERROR', 'PROVIDER_CONFIGURATION_CHANGED'].map(
      (e) => client.getHandlers(e as never).length,
    );
    const source = openFeatureSource({ client, flagKey });
    const updates: SourceUpdate[] = [];
    await source.subscribe((u) => updates.push(u)).ready;
    await source.close();
    await source.close();
    expect(
      ['PROVIDER_READY', 'PROVIDER_ERROR', 'PROVIDER_CONFIGURATION_CHANGED'].map(
        (e) => client.getHandlers(e as never).length,
      ),
    ).toEqual(before);
    provider.putConfiguration({ [flagKey]: stagesFlag('fifty') });
    await new Promise((resolve) => setImmediate(resolve));
    expect(updates.map((u) => u.type)).toEqual(['route']);
  });
});
