import { createRouter } from '@modelroute/core';
import type { SourceUpdate } from '@modelroute/core/source-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { launchDarklySource } from './launchdarkly-source.js';
import { sdks, type TestClient } from './sdk-harness.test-support.js';
import { counting, models, nextEvent, stage, units, unitsIn } from './test-helpers.test-support.js';

const flagKey = 'fraud-score-rollout';

describe.each(sdks)('document mode with $name', (sdk) => {
  const open: Array<TestClient['client']> = [];
  const clientOn = (...args: Parameters<typeof sdk.withTestData>) => {
    const made = sdk.withTestData(...args);
    open.push(made.client);
    return made;
  };
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });

  it('follows the JSON flag through canary stages on the next calls, evaluating it once per change, never per call', async () => {
    const td = sdk.testData();
    await td.update(td.flag(flagKey).variations(stage(5), stage(20), stage(50)).variationForAll(0));
    const { client } = clientOn(td);
    const counted = counting(client);
    const source = launchDarklySource({ client: counted.client, flagKey });
    const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });

    expect(router.configVersion).toBe('canary-5');
    const at5 = unitsIn(router, 'fraud-v4', units);
    expect(at5.size).toBeGreaterThan(units.length * 0.05 - 90);
    expect(at5.size).toBeLessThan(units.length * 0.05 + 90);
    const evaluationsAtStart = counted.evaluations();
    for (let i = 0; i < 500; i++) {
      const { decision } = await router.predictDetailed(i, { unit: units[i] });
      expect(decision.reason).toBe('weighted');
    }
    expect(counted.evaluations()).toBe(evaluationsAtStart);

    let applied = nextEvent(router, 'applied');
    await td.update(td.flag(flagKey).variationForAll(1));
    expect(await applied).toMatchObject({
      version: 'canary-20',
      previousVersion: 'canary-5',
      origin: `launchdarkly:${flagKey}`,
    });
    expect(counted.evaluations()).toBe(evaluationsAtStart + 1);
    const at20 = unitsIn(router, 'fraud-v4', units);
    expect(at20.size).toBeGreaterThan(units.length * 0.2 - 160);
    expect(at20.size).toBeLessThan(units.length * 0.2 + 160);
    for (const unit of at5) expect(at20.has(unit)).toBe(true); // units in the canary stay in it

    applied = nextEvent(router, 'applied');
    await td.update(td.flag(flagKey).variationForAll(2));
    await applied;
    const at50 = unitsIn(router, 'fraud-v4', units);
    for (const unit of at20) expect(at50.has(unit)).toBe(true);
    expect((await router.predictDetailed(1, { unit: [...at50].find((u) => !at20.has(u))! })).output).toBe('v4:1');

    // Rollback: the operator switches back to the first variation; the same 5% are in the canary again.
    applied = nextEvent(router, 'applied');
    await td.update(td.flag(flagKey).variationForAll(0));
    expect((await applied).version).toBe('canary-5');
    expect(unitsIn(router, 'fraud-v4', units)).toEqual(at5);
    await router.close();
    await source.close();
  });

  it('rejects a flag value that does not validate, says why, and keeps the last good document', async () => {
    const td = sdk.testData();
    await td.update(td.flag(flagKey).valueForAll(stage(5)));
    const { client } = clientOn(td);
    const source = launchDarklySource({ client, flagKey });
    const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
    expect(router.configVersion).toBe('canary-5');

    const bad: Array<[value: unknown, reason: RegExp]> = [
      [
        { champion: 'fraud-v3', weights: { 'fraud-v3': 90, 'fraud-v4': -10 } },
        /routes\.fraud-score\.weights\.fraud-v4: must be 0 or a number from 1e-9 to 1000000000 \(only the ratios matter: scale the weights into this range\), got -10/,
      ],
      [
        { champion: 'fraud-v3', weights: { 'fraud-v3': 90, 'fraud-v9': 10 } },
        /model "fraud-v9" is not one of this router's models/,
      ],
      ['fraud-v4', /served the string "fraud-v4", not a route document; make it a JSON flag/],
      [[stage(20)], /served an array, not a route document/],
    ];
    for (const [value, reason] of bad) {
      const rejected = nextEvent(router, 'rejected');
      await td.update(td.flag(flagKey).valueForAll(value));
      const event = await rejected;
      expect(event.reason).toMatch(reason);
      expect(event).toMatchObject({ route: 'fraud-score', keptVersion: 'canary-5', origin: `launchdarkly:${flagKey}` });
      expect(router.configVersion).toBe('canary-5');
      expect((await router.predictDetailed(1, { unit: 'u' })).decision.configVersion).toBe('canary-5');
    }
    // Switched off with no off variation: nothing to serve, so the last good document stays.
    const off = nextEvent(router, 'rejected');
    await td.usePreconfiguredFlag({
      key: flagKey,
      version: 100,
      on: false,
      variations: [stage(50)],
      fallthrough: { variation: 0 },
      targets: [],
      rules: [],
      prerequisites: [],
      salt: 's',
    });
    expect((await off).reason).toMatch(/served no value \(is it off without an off variation\?\)/);
    expect(router.configVersion).toBe('canary-5');

    const applied = nextEvent(router, 'applied');
    await td.usePreconfiguredFlag({
      key: flagKey,
      version: 101,
      on: true,
      variations: [stage(20)],
      fallthrough: { variation: 0 },
      targets: [],
      rules: [],
      prerequisites: [],
      salt: 's',
    });
    expect((await applied).version).toBe('canary-20');
    await source.close();
  });

  it('starts on the fallback while the flag does not exist, and applies it when it is created', async () => {
    const td = sdk.testData();
    const { client } = clientOn(td);
    const source = launchDarklySource({ client, flagKey });
    const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
    expect(router.decide('u1')).toMatchObject({ variant: 'fraud-v3', reason: 'fallback' });
    const applied = nextEvent(router, 'applied');
    await td.update(td.flag(flagKey).valueForAll(stage(50)));
    expect((await applied).version).toBe('canary-50');
    await source.close();
  });

  it('never hangs on a client that is not initialized: fallback after initTimeoutMs, then the flag when it arrives', async () => {
    const td = sdk.testData();
    await td.update(td.flag(flagKey).valueForAll(stage(20)));
    const { client, release } = clientOn(td, { deferStart: true });
    const source = launchDarklySource({ client, flagKey, initTimeoutMs: 1 });
    const router = await createRouter({
      route: 'fraud-score',
      models,
      source,
      fallback: 'fraud-v3',
      readyTimeoutMs: 60_000,
    });
    expect(client.initialized()).toBe(false);
    expect(router.decide('u1').reason).toBe('fallback');
    expect(await router.predict(3, { unit: 'u1' })).toBe('v3:3');
    const applied = nextEvent(router, 'applied');
    release();
    expect((await applied).version).toBe('canary-20');
    await source.close();
  });

  it('reports a client that fails to initialize as an invalid value, and settles ready', async () => {
    const td = sdk.testData();
    const { client, release } = clientOn(td, { fail: true });
    const source = launchDarklySource({ client, flagKey, initTimeoutMs: 60_000 });
    const updates: SourceUpdate[] = [];
    const subscription = source.subscribe((u) => updates.push(u));
    release();
    await subscription.ready;
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ type: 'invalid', origin: `launchdarkly:${flagKey}` });
    expect((updates[0] as { reason: string }).reason).toMatch(/failed to initialize \(.*\); check the SDK key/);
    await source.close();
  });

  it('stops following the flag on close(), and leaves the client open', async () => {
    const td = sdk.testData();
    await td.update(td.flag(flagKey).valueForAll(stage(5)));
    const { client } = clientOn(td);
    const source = launchDarklySource({ client, flagKey });
    const updates: SourceUpdate[] = [];
    await source.subscribe((u) => updates.push(u)).ready;
    expect(updates.map((u) => u.type)).toEqual(['route']);
    expect(client.listenerCount(`update:${flagKey}`)).toBe(1);
    await source.close();
    await source.close();
    expect(client.listenerCount(`update:${flagKey}`)).toBe(0);
    await td.update(td.flag(flagKey).valueForAll(stage(20)));
    expect(updates).toHaveLength(1);
    expect(client.initialized()).toBe(true);
    expect(await client.variation(flagKey, { kind: 'service', key: 'modelroute' }, null)).toEqual(stage(20));
  });

  it('evaluates the flag with the configured service context', async () => {
    const td = sdk.testData();
    await td.update(
      td
        .flag(flagKey)
        .variations(stage(5), stage(50))
        .variationForAll(0)
        .variationForContext('service', 'eu-cluster', 1),
    );
    const { client } = clientOn(td);
    const eu = await createRouter({
      route: 'fraud-score',
      models,
      source: launchDarklySource({ client, flagKey, context: { kind: 'service', key: 'eu-cluster' } }),
      fallback: 'fraud-v3',
    });
    const us = await createRouter({
      route: 'fraud-score',
      models,
      source: launchDarklySource({ client, flagKey }),
      fallback: 'fraud-v3',
    });
    expect(eu.configVersion).toBe('canary-50');
    expect(us.configVersion).toBe('canary-5');
  });
});
