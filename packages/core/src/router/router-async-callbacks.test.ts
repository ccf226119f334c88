import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../rollout/experiment-schema.js';
import type { ModelrouteWarning } from '../vocabulary/warning.js';
import { staticSource } from '../sources/static-source.js';
import { createRouter } from './create-router.js';

// JavaScript callers can hand in an `async` sink write or isValid (TypeScript refuses both): what they return
// is a promise, and a rejected one must never reach the host process as an unhandled rejection.
const experiment: ExperimentConfig = {
  metrics: [{ name: 'm', kind: 'mean', direction: 'increase', mde: 0.1, role: 'primary' }],
};
const doc = {
  routes: { r: { champion: 'a', weights: { a: 1, b: 1 }, experiment, shadow: [{ model: 'b', fraction: 1 }] } },
};
const models = { a: () => 1, b: () => 2 };
const failing = async (): Promise<never> => {
  throw new Error('broker unavailable');
};
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => void process.off('unhandledRejection', onUnhandled));

describe('callbacks that return a promise', () => {
  it('an exposure or shadow sink whose write rejects: the record is dropped and counted, with a warning', async () => {
    const warnings: ModelrouteWarning[] = [];
    const sink = { write: failing } as unknown as { write: () => boolean };
    const router = await createRouter({
      route: 'r',
      models,
      source: staticSource(doc),
      fallback: 'a',
      experiment: { sinks: [sink], unit: 'omit' },
      shadow: { sinks: [sink], unit: 'omit' },
      onWarning: (w) => void warnings.push(w),
    });
    for (let i = 0; i < 3; i++) expect(await router.predict(0, { unit: `u${i}` })).toBeTypeOf('number');
    await settle();
    expect(unhandled).toEqual([]);
    expect(new Set(warnings.map((w) => w.code))).toEqual(
      new Set(['MODELROUTE_EXPOSURE_SINK_FAILED', 'MODELROUTE_SHADOW_FAILED']),
    );
    expect(warnings.filter((w) => w.message.includes('sink threw on write')).map((w) => w.message)).toEqual([
      'modelroute: route "r": an exposure sink threw on write; records are dropped and counted: broker unavailable',
      'modelroute: route "r": a shadow sink threw on write; records are dropped and counted: broker unavailable',
    ]);
    await router.close();
  });

  it('an isValid that returns a promise: never unhandled, said once, and outputs are not judged by it', async () => {
    const warnings: ModelrouteWarning[] = [];
    const router = await createRouter({
      route: 'r',
      models,
      source: staticSource(doc),
      fallback: 'a',
      isValid: failing as unknown as () => boolean,
      onWarning: (w) => void warnings.push(w),
    });
    for (let i = 0; i < 3; i++) await router.predict(0, { unit: `u${i}` });
    await settle();
    expect(unhandled).toEqual([]);
    expect(warnings.filter((w) => w.message.includes('isValid returned a promise'))).toHaveLength(1);
    await router.close();
  });
});
