import { describe, expect, it, vi } from 'vitest';
import { canary, rolloutDocument } from '../rollout/strategies.js';
import { memorySource } from '../sources/memory-source.js';
import { staticSource } from '../sources/static-source.js';
import type { RolloutSource } from '../sources/source.js';
import { createRouter } from './create-router.js';
import type { AppliedEvent, RejectedEvent } from './events.js';
import { captureWarnings } from '../errors/capture-warnings.test-support.js';

const models = { v3: (x: number) => x * 3, v4: async (x: number) => x * 4, v5: (x: number) => x * 5 };
const doc = (weights: Record<string, number>, extra: Record<string, unknown> = {}) => ({
  routes: { fraud: { champion: 'v3', weights, ...extra } },
});

describe('createRouter', () => {
  it('routes by the document and answers with the chosen model, sync or async', async () => {
    const router = await createRouter({
      route: 'fraud',
      models,
      source: staticSource(doc({ v3: 50, v4: 50 })),
      fallback: 'v3',
    });
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { output, decision } = await router.predictDetailed(2, { unit: `u${i}` });
      expect(output).toBe(decision.variant === 'v3' ? 6 : 8);
      expect(decision).toMatchObject({
        route: 'fraud',
        reason: 'weighted',
        champion: 'v3',
        sticky: true,
        shares: { v3: 0.5, v4: 0.5 },
      });
      seen.add(decision.variant);
    }
    expect(seen).toEqual(new Set(['v3', 'v4']));
  });

  it('keeps each unit on one variant, and decide() agrees with predict()', async () => {
    const router = await createRouter({
      route: 'fraud',
      models,
      source: staticSource(doc({ v3: 1, v4: 1, v5: 1 })),
      fallback: 'v3',
    });
    for (let i = 0; i < 100; i++) {
      const unit = `user-${i}`;
      const first = router.decide(unit).variant;
      for (let k = 0; k < 3; k++) expect((await router.predictDetailed(1, { unit })).decision.variant).toBe(first);
    }
  });

  it('assigns a call without a unit at random and says so', async () => {
    const router = await createRouter({
      route: 'fraud',
      models,
      source: staticSource(doc({ v3: 50, v4: 50 })),
      fallback: 'v3',
    });
    const decision = router.decide();
    expect(decision.reason).toBe('random');
    expect(decision.sticky).toBe(false);
    const seen = new Set(Array.from({ length: 200 }, () => router.decide().variant));
    expect(seen.size).toBe(2);
  });

  it('pins overridden units', async () => {
    const router = await createRouter({
      route: 'fraud',
      models,
      source: staticSource(doc({ v3: 100, v4: 0 }, { overrides: { 'qa-17': 'v4' } })),
      fallback: 'v3',
    });
    expect(router.decide('qa-17')).toMatchObject({ variant: 'v4', reason: 'override' });
    expect(await router.predict(1, { unit: 'qa-17' })).toBe(4);
    expect(router.decide('someone-else')).toMatchObject({ variant: 'v3', reason: 'weighted' });
  });

  it('applies a weight change from the next call, without a restart', async () => {
    const source = memorySource(doc({ v3: 100, v4: 0 }));
    const router = await createRouter({ route: 'fraud', models, source, fallback: 'v3' });
    const applied: AppliedEvent[] = [];
    router.on('applied', (e) => applied.push(e));
    expect(router.decide('u1').variant).toBe('v3');
    source.set(doc({ v3: 0, v4: 100 }));
    expect(router.decide('u1').variant).toBe('v4');
    expect(await router.predict(1, { unit: 'u1' })).toBe(4);
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ route: 'fraud', origin: 'memory' });
    expect(applied[0]!.previousVersion).not.toBe(applied[0]!.version);
  });

  it('does not re-apply an identical document', async () => {
    const source = memorySource(doc({ v3: 1 }));
    const router = await createRouter({ route: 'fraud', models, source, fallback: 'v3' });
    const onApplied = vi.fn();
    router.on('applied', onApplied);
    source.set(doc({ v3: 1 }));
    source.set(JSON.stringify(doc({ v3: 1 })));
    expect(onApplied).not.toHaveBeenCalled();
  });

  it('rejects a document naming a model it does not have, says which, and keeps the last good one', async () => {
    const source = memorySource(doc({ v3: 90, v4: 10 }));
    const router = await createRouter({ route: 'fraud', models, source, fallback: 'v3' });
    const rejected: RejectedEvent[] = [];
    router.on('rejected', (e) => rejected.push(e));
    const version = router.configVersion;
    source.set(doc({ v3: 90, v9: 10 }));
    source.set({ routes: { fraud: { champion: 'v8', weights: { v3: 1 } } } });
    source.set(doc({ v3: 1 }, { shadow: [{ model: 'v7', fraction: 0.5 }] }));
    expect(rejected.map((e) => e.reason)).toEqual([
      'routes.fraud.weights.v9: model "v9" is not one of this router\'s models (v3, v4, v5); add it to createRouter({ models }) or fix the document',
      'routes.fraud.champion: model "v8" is not one of this router\'s models (v3, v4, v5); add it to createRouter({ models }) or fix the document',
      'routes.fraud.shadow.0.model: model "v7" is not one of this router\'s models (v3, v4, v5); add it to createRouter({ models }) or fix the document',
    ]);
    expect(rejected.every((e) => e.keptVersion === version)).toBe(true);
    expect(router.configVersion).toBe(version);
  });

  it.each([
    [
      'a negative weight',
      doc({ v3: 1, v4: -5 }),
      'routes.fraud.weights.v4: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got -5',
    ],
    [
      'a NaN weight',
      doc({ v3: 1, v4: Number.NaN }),
      'routes.fraud.weights.v4: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got NaN',
    ],
    [
      'a string weight',
      { routes: { fraud: { champion: 'v3', weights: { v3: 'ten' } } } },
      'routes.fraud.weights.v3: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got "ten"',
    ],
    [
      'all-zero weights',
      doc({ v3: 0, v4: 0 }),
      'routes.fraud.weights: must give at least one model a weight above 0 (all weights are 0)',
    ],
    [
      'an unknown model',
      doc({ v3: 1, nope: 1 }),
      'routes.fraud.weights.nope: model "nope" is not one of this router\'s models',
    ],
    [
      'an unknown champion',
      { routes: { fraud: { champion: 'v0', weights: { v3: 1 } } } },
      'routes.fraud.champion: model "v0" is not one of this router\'s models',
    ],
    [
      'a shadow fraction outside [0, 1]',
      doc({ v3: 1 }, { shadow: [{ model: 'v4', fraction: 1.01 }] }),
      'routes.fraud.shadow.0.fraction: must be a number between 0 and 1, got 1.01',
    ],
    ['malformed JSON', '{ "routes": { "fraud": ', 'not valid JSON'],
    [
      'a missing route',
      { routes: { other: { champion: 'v3', weights: { v3: 1 } } } },
      'routes.fraud: missing; the document has no route "fraud" (it has "other")',
    ],
    ['an empty file', '', 'the document is empty'],
  ])('rejects %s with a clear message and keeps the last good document', async (_name, bad, message) => {
    const source = memorySource(doc({ v3: 0, v4: 100 }));
    const router = await createRouter({ route: 'fraud', models, source, fallback: 'v3' });
    const rejected: RejectedEvent[] = [];
    router.on('rejected', (e) => rejected.push(e));
    source.set(bad);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toContain(message);
    expect(rejected[0]!.problems.length).toBeGreaterThan(0);
    for (let i = 0; i < 50; i++) expect(await router.predict(1, { unit: `u${i}` })).toBe(4);
  });

  it('answers every call with the fallback when the source never yields a document', async () => {
    const silent: RolloutSource = {
      name: 'silent',
      subscribe: () => ({ ready: new Promise(() => {}), unsubscribe() {} }),
      close: async () => {},
    };
    const router = await createRouter({ route: 'fraud', models, source: silent, fallback: 'v5', readyTimeoutMs: 0 });
    for (let i = 0; i < 100; i++) {
      const { output, decision } = await router.predictDetailed(1, { unit: `u${i}` });
      expect(output).toBe(5);
      expect(decision).toMatchObject({ variant: 'v5', reason: 'fallback', configVersion: undefined });
    }
    expect(router.decide()).toMatchObject({ variant: 'v5', reason: 'fallback' });
  });

  it('starts on the fallback when the first document is invalid, and moves on when a good one arrives', async () => {
    const warnings = captureWarnings();
    const source = memorySource(doc({ v3: -1 }));
    const router = await createRouter({ route: 'fraud', models, source, fallback: 'v5' });
    expect(router.decide('u').reason).toBe('fallback');
    expect(warnings).toEqual([
      {
        code: 'MODELROUTE_DOCUMENT_REJECTED',
        message:
          'modelroute: route "fraud" rejected a document from memory; answering with the fallback "v5": routes.fraud.weights.v3: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got -1',
      },
    ]);
    source.set(doc({ v4: 1 }));
    expect(router.decide('u')).toMatchObject({ variant: 'v4', reason: 'weighted' });
  });

  it("passes the model's own error to the caller unchanged", async () => {
    const boom = new Error('model failed');
    const router = await createRouter({
      route: 'fraud',
      models: {
        a: () => {
          throw boom;
        },
        b: async () => {
          throw boom;
        },
      },
      source: staticSource({ routes: { fraud: { champion: 'a', weights: { a: 1, b: 1 } } } }),
      fallback: 'a',
    });
    for (let i = 0; i < 20; i++) await expect(router.predict(1, { unit: `u${i}` })).rejects.toBe(boom);
  });

  it('keeps working when an event listener throws', async () => {
    const warnings = captureWarnings();
    const source = memorySource(doc({ v3: 1 }));
    const router = await createRouter({ route: 'fraud', models, source, fallback: 'v3' });
    router.on('applied', () => {
      throw new Error('listener bug');
    });
    source.set(doc({ v4: 1 }));
    expect(router.decide('u').variant).toBe('v4');
    await new Promise((r) => setImmediate(r));
    expect(warnings.map((w) => w.message)).toEqual([
      'modelroute: a "applied" listener of route "fraud" threw; the router caught it and keeps working: listener bug',
    ]);
  });

  it('refuses calls after close()', async () => {
    const router = await createRouter({
      route: 'fraud',
      models,
      source: staticSource(rolloutDocument({ fraud: canary({ stable: 'v3', canary: 'v4', percent: 10 }) })),
      fallback: 'v3',
    });
    await router.close();
    await expect(router.predict(1)).rejects.toMatchObject({ code: 'router_closed' });
  });

  it.each([
    [
      'no route',
      { route: '', models, source: staticSource({ routes: {} }), fallback: 'v3' },
      /`route` must be a non-empty string/,
    ],
    [
      'no models',
      { route: 'r', models: {}, source: staticSource({ routes: {} }), fallback: 'v3' },
      /`models` must be an object/,
    ],
    [
      'a model that is not a function',
      { route: 'r', models: { a: 1 }, source: staticSource({ routes: {} }), fallback: 'a' },
      /models\["a"\] must be a function/,
    ],
    [
      'an unknown fallback',
      { route: 'r', models, source: staticSource({ routes: {} }), fallback: 'v9' },
      /`fallback` must name one of the models \(v3, v4, v5\), got "v9"/,
    ],
    ['no source', { route: 'r', models, fallback: 'v3' }, /`source` must be a rollout source/],
  ])('throws a clear invalid_options error for %s', async (_name, options, message) => {
    await expect(createRouter(options as never)).rejects.toMatchObject({
      code: 'invalid_options',
      message: expect.stringMatching(message),
    });
  });
});
