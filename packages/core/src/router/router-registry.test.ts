import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { isModelrouteError } from '../errors/modelroute-error.js';
import { gateRouter, simulateDay } from '../gate/gate.test-support.js';
import type { GateReadyEvent } from '../gate/gate-runner.js';
import type { RecoveredEvent, TripEvent } from '../guard/guard-events.js';
import { memorySource } from '../sources/memory-source.js';
import type { ModelMetadata } from '../vocabulary/model-metadata.js';
import { createRouter } from './create-router.js';
import type { AppliedEvent } from './events.js';

const entry = (id: string, owner = 'ml-team'): ModelMetadata => ({
  id,
  version: `${id}.1`,
  artifactUri: `s3://models/${id}.onnx`,
  sha256: 'ab'.repeat(32),
  createdAt: '2026-11-01T00:00:00Z',
  owner,
});

async function tripRig(registry?: readonly ModelMetadata[]) {
  const source = memorySource({
    routes: {
      r: {
        champion: 'good',
        weights: { good: 0, bad: 100 },
        guard: { invalidRate: 0.1, minCalls: 5, recovery: 'manual' },
      },
    },
  });
  const hooked: TripEvent[] = [];
  const router = await createRouter<number, number | null>({
    route: 'r',
    models: { good: () => 1, bad: () => null, spare: () => 2 },
    source,
    fallback: 'good',
    clock: manualClock(),
    registry,
    onTrip: (e) => void hooked.push(e),
  });
  return { router, source, hooked };
}

describe('createRouter({ registry }): registry metadata in the events', () => {
  it('trip (event and onTrip hook) and recovered carry the entries of the variant and its target', async () => {
    const registry = [entry('good'), entry('bad', 'fraud-team')];
    const { router, hooked } = await tripRig(registry);
    const trips: TripEvent[] = [];
    const recovered: RecoveredEvent[] = [];
    router.on('trip', (e) => trips.push(e)).on('recovered', (e) => recovered.push(e));
    for (let i = 0; i < 5; i++) await router.predict(1, { unit: `u${i}` });
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatchObject({ variant: 'bad', target: 'good', model: registry[1], targetModel: registry[0] });
    await new Promise((resolve) => setImmediate(resolve)); // onTrip runs deferred
    expect(hooked[0]).toBe(trips[0]);
    expect(router.reset('bad')).toBe(true);
    expect(recovered[0]).toMatchObject({ variant: 'bad', how: 'manual', model: { id: 'bad', owner: 'fraud-team' } });
    await router.close();
  });

  it('applied carries the entries of the models the document names; modelInfo looks one up; entries are copies', async () => {
    const registry = [entry('good'), entry('bad'), entry('spare')];
    const { router, source } = await tripRig(registry);
    const applied: AppliedEvent[] = [];
    router.on('applied', (e) => applied.push(e));
    source.set({ routes: { r: { champion: 'good', weights: { good: 90, bad: 10 } } } });
    expect(applied[0]!.models).toEqual({ good: registry[0], bad: registry[1] }); // not spare: not named
    expect(router.modelInfo('spare')).toEqual(registry[2]);
    expect(router.modelInfo('nope')).toBeUndefined();
    (registry[2] as { owner: string }).owner = 'changed later';
    expect(router.modelInfo('spare')!.owner).toBe('ml-team');
    expect(Object.isFrozen(router.modelInfo('spare'))).toBe(true);
    await router.close();
  });

  it('gateReady carries the challenger and champion entries', async () => {
    const registry = [entry('champ'), entry('chal', 'offers-team')];
    const rig = await gateRouter({ minDays: 1 }, undefined, registry);
    const ready: GateReadyEvent[] = [];
    rig.router.on('gateReady', (e) => ready.push(e));
    const better = { champ: { rate: 0.1, latency: 100 }, chal: { rate: 0.16, latency: 100 } };
    for (let day = 0; day < 5 && ready.length === 0; day++) await simulateDay(rig, better, 4000, 700 + day);
    expect(ready[0]).toMatchObject({ challenger: 'chal', model: registry[1], championModel: registry[0] });
  });

  it('without a registry the events carry no entry; a malformed registry is an invalid_options error', async () => {
    const { router } = await tripRig();
    const trips: TripEvent[] = [];
    router.on('trip', (e) => trips.push(e));
    for (let i = 0; i < 5; i++) await router.predict(1, { unit: `u${i}` });
    expect(Object.keys(trips[0]!)).not.toContain('model');
    expect(router.modelInfo('good')).toBeUndefined();
    await router.close();
    for (const registry of [[{ version: '1' }], [entry('a'), entry('a')], 'registry.json']) {
      const error = await tripRig(registry as never).catch((e: unknown) => e);
      expect(isModelrouteError(error, 'invalid_options')).toBe(true);
      expect((error as Error).message).toContain('`registry`');
    }
  });

  it('a listener cannot change an entry for later events: nested fields are frozen too', async () => {
    const good: ModelMetadata = {
      ...entry('good'),
      tags: ['prod'],
      dataWindow: { start: '2026-01-01', end: '2026-06-30' },
      offlineMetrics: { auc: 0.91 },
    };
    const { router, source } = await tripRig([good, entry('bad')]);
    router.on('applied', (e) => {
      const model = e.models!.good! as unknown as {
        tags: string[];
        dataWindow: { end: string };
        offlineMetrics: { auc: number };
      };
      for (const change of [
        () => model.tags.push('hacked'),
        () => (model.dataWindow.end = 'never'),
        () => (model.offlineMetrics.auc = 0),
      ])
        try {
          change();
        } catch {
          // a frozen entry refuses in strict mode: what we want
        }
    });
    source.set({ routes: { r: { champion: 'good', weights: { good: 90, bad: 10 } } } });
    expect(router.modelInfo('good')).toEqual(good);
    expect(Object.isFrozen(router.modelInfo('good')!.tags)).toBe(true);
    await router.close();
  });

  it('an entry that cannot be copied (a function in it) is an invalid_options error, not a DataCloneError', async () => {
    const withMethod = { ...entry('good'), describe: () => 'good model' };
    const error = await tripRig([withMethod] as never).catch((e: unknown) => e);
    expect(isModelrouteError(error, 'invalid_options')).toBe(true);
    expect((error as Error).message).toContain('`registry` [0]');
  });
});
