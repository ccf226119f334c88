// A router given a meterProvider never loads @opentelemetry/api (see otel-api.ts). This file loads it
// nowhere (vitest isolates test files), so it checks what a fresh process that passes a provider sees.
import { describe, expect, it } from 'vitest';
import type { Histogram, Meter, MeterProvider } from '@opentelemetry/api';
import { manualClock } from '../clock/manual-clock.js';
import { createRouter } from '../router/create-router.js';
import { memorySource } from '../sources/memory-source.js';
import { loadedOtelApi } from './otel-api.js';

describe('a meterProvider passed before @opentelemetry/api was ever loaded', () => {
  it('an instrument without a prototype (a hand-made or wrapped provider) still records', async () => {
    const recorded: number[] = [];
    const instrument = (): Histogram =>
      Object.assign(Object.create(null) as Histogram, { record: (value: number) => void recorded.push(value) });
    const meter = new Proxy({} as Meter, {
      get: (_target, name) =>
        name === 'createHistogram' ? instrument : name === 'addBatchObservableCallback' ? () => {} : instrument,
    });
    const provider: MeterProvider = { getMeter: () => meter };
    const router = await createRouter({
      route: 'r',
      models: { a: (x: number) => x },
      source: memorySource({ routes: { r: { champion: 'a', weights: { a: 1 } } } }),
      fallback: 'a',
      clock: manualClock(),
      meterProvider: provider,
    });
    expect(loadedOtelApi()).toBeUndefined();
    for (let i = 0; i < 3; i++) await router.predict(i);
    expect(recorded).toHaveLength(3);
    await router.close();
  });
});
