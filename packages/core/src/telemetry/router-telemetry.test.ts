import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { captureWarnings } from '../errors/capture-warnings.test-support.js';
import { createRouter } from '../router/create-router.js';
import { memorySource } from '../sources/memory-source.js';
import { ATTR, DURATION_BUCKETS_S, INSTRUMENTS } from './instruments.js';
import { collect, sdkProvider, values, type Point } from './metrics.test-support.js';

// A scripted sequence of calls with a manual clock (each model moves it by `ms`), through a real SDK
// MeterProvider and an in-memory reader, and the exact data points it must produce.
interface In {
  ms: number;
  fail?: boolean;
  output?: number;
}
const clock = manualClock();
const model = (x: In): number => {
  clock.advance(x.ms);
  if (x.fail) throw new Error('model failed');
  return x.output ?? 1;
};
const models = { v1: model, v2: model };
const doc = (route: Record<string, unknown>) => ({ routes: { fraud: { champion: 'v1', ...route } } });

const D = INSTRUMENTS.predictionDuration.name;
const callKeys = [ATTR.variant, ATTR.role, ATTR.outcome];
const hist = (p: Point) => ({ count: p.count, sum: Number(p.sum!.toFixed(9)) });

async function scriptedRouter() {
  const { provider, reader } = sdkProvider();
  const source = memorySource(
    doc({ weights: { v1: 100, v2: 0 }, overrides: { 'pinned-unit': 'v2' }, version: 'doc-1' }),
  );
  const router = await createRouter<In, number>({
    route: 'fraud',
    models,
    source,
    fallback: 'v1',
    clock,
    meterProvider: provider,
  });
  return { router, source, reader };
}

describe('router telemetry with the OpenTelemetry SDK', () => {
  it('measures a scripted sequence exactly: durations, decisions, errors, invalid outputs, a document change', async () => {
    const { router, source, reader } = await scriptedRouter();
    for (const [unit, ms] of [
      ['u1', 2],
      ['u2', 4],
      ['u3', 6],
    ] as const)
      await router.predict({ ms }, { unit });
    await expect(router.predict({ ms: 10, fail: true }, { unit: 'u4' })).rejects.toThrow('model failed');
    await router.predict({ ms: 1, output: Number.NaN }, { unit: 'pinned-unit' }); // v2 by override, invalid output
    await router.predict({ ms: 0.5 }); // no unit: random, and v1 is the only weighted variant

    const warnings = captureWarnings();
    source.set(doc({ weights: { v1: 1, v9: 1 } })); // rejected: v9 is not a model
    expect(warnings.map((w) => w.code)).toEqual(['MODELROUTE_DOCUMENT_REJECTED']);
    source.set(doc({ weights: { v1: 25, v2: 75 }, overrides: { 'pinned-unit': 'v2' }, version: 'doc-2' }));
    await router.predict({ ms: 3 }, { unit: 'pinned-unit' });

    const points = await collect(reader);
    expect(values(points, D, callKeys, hist)).toEqual({
      'v1|primary|ok': { count: 4, sum: 0.0125 },
      'v1|primary|error': { count: 1, sum: 0.01 },
      'v2|primary|invalid': { count: 1, sum: 0.001 },
      'v2|primary|ok': { count: 1, sum: 0.003 },
    });
    const v1ok = points.find(
      (p) => p.name === D && p.attributes[ATTR.variant] === 'v1' && p.attributes[ATTR.outcome] === 'ok',
    )!;
    expect(v1ok.boundaries).toEqual(DURATION_BUCKETS_S);
    const inBucket = (le: number) => v1ok.bucketCounts![DURATION_BUCKETS_S.indexOf(le)];
    expect([inBucket(0.0005), inBucket(0.0025), inBucket(0.005), inBucket(0.01)]).toEqual([1, 1, 1, 1]); // 0.5, 2, 4, 6 ms
    expect(v1ok.unit).toBe('s');

    expect(values(points, INSTRUMENTS.decisions.name, [ATTR.variant, ATTR.reason])).toEqual({
      'v1|weighted': 4,
      'v1|random': 1,
      'v2|override': 2,
    });
    expect(values(points, INSTRUMENTS.variantWeight.name, [ATTR.variant])).toEqual({ v1: 0.25, v2: 0.75 });
    expect(values(points, INSTRUMENTS.documents.name, [ATTR.documentResult])).toEqual({ applied: 2, rejected: 1 });
    // Both variants took traffic, so their guard series exist from zero, in the closed state.
    expect(values(points, INSTRUMENTS.guardTrips.name, [ATTR.variant, ATTR.guardTrigger])).toEqual({
      'v1|error_rate': 0,
      'v1|p99_latency': 0,
      'v1|invalid_rate': 0,
      'v2|error_rate': 0,
      'v2|p99_latency': 0,
      'v2|invalid_rate': 0,
    });
    expect(values(points, INSTRUMENTS.guardStatus.name, [ATTR.variant, ATTR.guardState])).toEqual({
      'v1|closed': 1,
      'v1|open': 0,
      'v1|half_open': 0,
      'v2|closed': 1,
      'v2|open': 0,
      'v2|half_open': 0,
    });
    expect(values(points, INSTRUMENTS.delegateFailures.name, [ATTR.delegateFailure])).toEqual({
      error: 0,
      unknown_model: 0,
      timeout: 0,
    });
    expect(points.filter((p) => p.name.startsWith('modelroute.shadow.'))).toEqual([]);

    // Every point carries the route, and only the documented attribute keys of its instrument.
    const specs = Object.values(INSTRUMENTS);
    for (const p of points) {
      const spec = specs.find((s) => s.name === p.name)!;
      expect(Object.keys(p.attributes).sort()).toEqual([...spec.attributes].sort());
      expect(p.attributes[ATTR.route]).toBe('fraud');
      expect(p.unit).toBe(spec.unit);
    }
    // No unit id ever becomes an attribute value.
    const attributeValues = new Set(points.flatMap((p) => Object.values(p.attributes)));
    for (const unit of ['u1', 'u2', 'u3', 'u4', 'pinned-unit']) expect(attributeValues.has(unit)).toBe(false);
    await router.close();
  });

  it('reports the fallback model at weight 1 while no document is known, and counts only decisions until then', async () => {
    const { provider, reader } = sdkProvider();
    const router = await createRouter<In, number>({
      route: 'fraud',
      models,
      source: memorySource(),
      fallback: 'v2',
      clock,
      meterProvider: provider,
      readyTimeoutMs: 0,
    });
    await router.predict({ ms: 7 }, { unit: 'u1' });
    const points = await collect(reader);
    expect(values(points, INSTRUMENTS.variantWeight.name, [ATTR.variant])).toEqual({ v1: 0, v2: 1 });
    expect(values(points, INSTRUMENTS.decisions.name, [ATTR.variant, ATTR.reason])).toEqual({ 'v2|fallback': 1 });
    expect(values(points, D, callKeys, hist)).toEqual({ 'v2|primary|ok': { count: 1, sum: 0.007 } });
    expect(values(points, INSTRUMENTS.documents.name, [ATTR.documentResult])).toEqual({ applied: 0, rejected: 0 });
    expect(points.filter((p) => p.name === INSTRUMENTS.guardTrips.name)).toEqual([]);
    await router.close();
  });

  it('keeps counting across collections (cumulative) and stops observing after close()', async () => {
    const { router, reader } = await scriptedRouter();
    await router.predict({ ms: 1 }, { unit: 'a' });
    await collect(reader);
    await router.predict({ ms: 1 }, { unit: 'b' });
    const second = await collect(reader);
    expect(values(second, INSTRUMENTS.decisions.name, [ATTR.variant, ATTR.reason])).toEqual({ 'v1|weighted': 2 });
    expect(values(second, D, callKeys, hist)).toEqual({ 'v1|primary|ok': { count: 2, sum: 0.002 } });
    await router.close();
    const after = await collect(reader);
    // The histogram keeps its cumulative state; the observable callback is gone, so no new observations.
    expect(values(after, D, callKeys, hist)).toEqual({ 'v1|primary|ok': { count: 2, sum: 0.002 } });
  });
});

describe('router telemetry when routers of one route come and go on one provider', () => {
  const doc1 = { routes: { fraud: { champion: 'v1', weights: { v1: 1 } } } };
  it('keeps counters monotonic when a router is replaced, and adds up two live routers of one route', async () => {
    const { provider, reader } = sdkProvider();
    const make = () =>
      createRouter<In, number>({
        route: 'fraud',
        models,
        source: memorySource(doc1),
        fallback: 'v1',
        clock,
        meterProvider: provider,
      });
    const first = await make();
    await first.predict({ ms: 1 }, { unit: 'a' });
    await first.predict({ ms: 1 }, { unit: 'b' });
    expect(values(await collect(reader), INSTRUMENTS.decisions.name, [ATTR.variant, ATTR.reason])).toEqual({
      'v1|weighted': 2,
    });
    await first.close();
    // No router on the provider: the observable callback is gone, nothing new is observed.
    expect(values(await collect(reader), INSTRUMENTS.documents.name, [ATTR.documentResult])).toEqual({
      applied: 1,
      rejected: 0,
    });

    const second = await make();
    const third = await make();
    await second.predict({ ms: 1 }, { unit: 'c' });
    await third.predict({ ms: 1 }, { unit: 'd' });
    const points = await collect(reader);
    expect(values(points, INSTRUMENTS.decisions.name, [ATTR.variant, ATTR.reason])).toEqual({ 'v1|weighted': 4 });
    expect(values(points, INSTRUMENTS.documents.name, [ATTR.documentResult])).toEqual({ applied: 3, rejected: 0 });
    expect(values(points, D, callKeys, (p) => p.count)).toEqual({ 'v1|primary|ok': 4 });
    await second.close();
    await third.close();
  });
});
