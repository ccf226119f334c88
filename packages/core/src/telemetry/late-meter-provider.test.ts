import { metrics } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { createRouter } from '../router/create-router.js';
import { memorySource } from '../sources/memory-source.js';
import { ATTR, INSTRUMENTS } from './instruments.js';
import { collect, sdkProvider, values } from './metrics.test-support.js';

// OpenTelemetry's metrics API has no proxy provider: a meter taken from the global provider before the
// SDK registers stays a no-op. A router made without `meterProvider` looks at the global provider again.

const doc = { routes: { fraud: { champion: 'v1', weights: { v1: 1 } } } };
const models = { v1: (x: number) => x };
const D = INSTRUMENTS.predictionDuration.name;
const count = async (reader: Parameters<typeof collect>[0]) =>
  values(await collect(reader), INSTRUMENTS.decisions.name, [ATTR.variant, ATTR.reason])['v1|weighted'] ?? 0;

async function routerOnGlobal(source = memorySource(doc)) {
  return createRouter({ route: 'fraud', models, source, fallback: 'v1', clock: manualClock() });
}

afterEach(() => {
  metrics.disable();
  vi.restoreAllMocks();
});

describe('a router on the global meter provider', () => {
  it('measures from the first call when the SDK is registered before it, without a warning', async () => {
    const { provider, reader } = sdkProvider();
    metrics.setGlobalMeterProvider(provider);
    const warning = vi.spyOn(process, 'emitWarning');
    const router = await routerOnGlobal();
    for (let i = 0; i < 5; i++) await router.predict(i, { unit: `u${i}` });
    expect(await count(reader)).toBe(5);
    expect(values(await collect(reader), D, [ATTR.variant], (p) => p.count)).toEqual({ v1: 5 });
    expect(warning).not.toHaveBeenCalled();
  });

  it('picks up an SDK registered after createRouter() but before the first call: nothing is lost, no warning', async () => {
    const warning = vi.spyOn(process, 'emitWarning');
    const router = await routerOnGlobal();
    const { provider, reader } = sdkProvider();
    metrics.setGlobalMeterProvider(provider);
    for (let i = 0; i < 3; i++) await router.predict(i, { unit: `u${i}` });
    expect(await count(reader)).toBe(3);
    expect(warning).not.toHaveBeenCalled();
  });

  it('picks up an SDK registered after calls began within 1024 calls, and warns how many went unmeasured', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const router = await routerOnGlobal();
    for (let i = 0; i < 3; i++) await router.predict(i, { unit: `a${i}` });
    const { provider, reader } = sdkProvider();
    metrics.setGlobalMeterProvider(provider);
    for (let i = 0; i < 1021; i++) await router.predict(i, { unit: `b${i}` }); // calls 4..1024: not yet looked
    expect(await count(reader)).toBe(0);
    expect(warning).not.toHaveBeenCalled();
    for (let i = 0; i < 10; i++) await router.predict(i, { unit: `c${i}` }); // call 1025 looks again
    expect(await count(reader)).toBe(10);
    expect(warning).toHaveBeenCalledTimes(1);
    expect(warning.mock.calls[0]![0]).toMatch(
      /route "fraud" found the global OpenTelemetry MeterProvider only after 1024 call\(s\).*Register the OpenTelemetry SDK .* before createRouter\(\)/,
    );
    expect(warning.mock.calls[0]![1]).toMatchObject({
      type: 'ModelrouteWarning',
      code: 'MODELROUTE_LATE_METER_PROVIDER',
    });
  });

  it('also looks again when a document is applied', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const source = memorySource(doc);
    const router = await routerOnGlobal(source);
    await router.predict(1, { unit: 'a' });
    const { provider, reader } = sdkProvider();
    metrics.setGlobalMeterProvider(provider);
    source.set({ routes: { fraud: { champion: 'v1', weights: { v1: 2 }, version: 'two' } } });
    await router.predict(2, { unit: 'b' });
    expect(await count(reader)).toBe(1);
    expect(values(await collect(reader), INSTRUMENTS.documents.name, [ATTR.documentResult])).toEqual({
      applied: 2,
      rejected: 0,
    });
  });

  it('stays silent and measures nothing when no SDK ever registers', async () => {
    const warning = vi.spyOn(process, 'emitWarning');
    const router = await routerOnGlobal();
    for (let i = 0; i < 2100; i++) await router.predict(i, { unit: `u${i}` });
    expect(warning).not.toHaveBeenCalled();
    await router.close();
  });
});
