import { createNoopMeter, type MeterProvider } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { createRouter } from '../router/create-router.js';
import { staticSource } from '../sources/static-source.js';
import { createRouterMetrics } from './create-router-metrics.js';
import { ATTR, INSTRUMENTS } from './instruments.js';
import { collect, sdkProvider, values } from './metrics.test-support.js';
import { noopMetrics } from '../vocabulary/router-metrics.js';

const base = { route: 'fraud', models: ['v1', 'v2', 'v5'], fallback: 'v1' };
const noopProvider: MeterProvider = { getMeter: () => createNoopMeter() };

describe('createRouterMetrics', () => {
  it('exports shadow, guard and delegate events through their instruments, with zeros for the other values', async () => {
    const { provider, reader } = sdkProvider();
    const m = createRouterMetrics({ ...base, meterProvider: provider });
    m.shadowDropped('v5', 'capacity');
    m.shadowDropped('v5', 'capacity');
    m.shadowDropped('v5', 'timeout');
    m.shadowCompared('v5', 'agree', 0);
    m.shadowCompared('v5', 'disagree', -0.3);
    m.shadowCompared('v5', 'error');
    m.prediction('v5', 'shadow', 'timeout', 250);
    m.prediction('v1', 'failover', 'ok', 3);
    m.guardTrip('v2', 'p99_latency');
    m.guardState!('v2', 'open');
    m.delegateFailed!('unknown_model');
    m.delegateFailed!('timeout');
    m.delegateFailed!('error');
    m.delegateFailed!('error');

    const points = await collect(reader);
    expect(values(points, INSTRUMENTS.shadowDrops.name, [ATTR.variant, ATTR.shadowDropReason])).toEqual({
      'v5|capacity': 2,
      'v5|timeout': 1,
      'v5|sink': 0,
      'v5|closed': 0,
    });
    expect(values(points, INSTRUMENTS.shadowComparisons.name, [ATTR.variant, ATTR.shadowComparison])).toEqual({
      'v5|agree': 1,
      'v5|disagree': 1,
      'v5|error': 1,
    });
    expect(values(points, INSTRUMENTS.shadowDifference.name, [ATTR.variant], (p) => [p.count, p.sum])).toEqual({
      v5: [2, 0.3],
    });
    expect(
      values(points, INSTRUMENTS.predictionDuration.name, [ATTR.variant, ATTR.role, ATTR.outcome], (p) => p.sum),
    ).toEqual({
      'v5|shadow|timeout': 0.25,
      'v1|failover|ok': 0.003,
    });
    expect(values(points, INSTRUMENTS.guardTrips.name, [ATTR.variant, ATTR.guardTrigger])).toEqual({
      'v2|error_rate': 0,
      'v2|p99_latency': 1,
      'v2|invalid_rate': 0,
    });
    expect(values(points, INSTRUMENTS.guardStatus.name, [ATTR.variant, ATTR.guardState])).toEqual({
      'v2|closed': 0,
      'v2|open': 1,
      'v2|half_open': 0,
    });
    expect(values(points, INSTRUMENTS.delegateFailures.name, [ATTR.delegateFailure])).toEqual({
      error: 2,
      unknown_model: 1,
      timeout: 1,
    });
  });

  it('bounds attribute sets: a name outside the models gets a slot only up to a small cap', async () => {
    const { provider, reader } = sdkProvider();
    const m = createRouterMetrics({ ...base, meterProvider: provider });
    for (let i = 0; i < 1000; i++) m.decision(`stray-${i}`, 'weighted');
    const points = await collect(reader);
    expect(points.filter((p) => p.name === INSTRUMENTS.decisions.name).length).toBeLessThanOrEqual(16);
  });

  it('returns the no-op metrics for a provider whose instruments are no-ops: no telemetry work at all', () => {
    expect(createRouterMetrics({ ...base, meterProvider: noopProvider })).toBe(noopMetrics);
  });

  it('turns a provider that throws into a warning and no telemetry, never an error', () => {
    const warn = vi.fn();
    const broken: MeterProvider = {
      getMeter: () => {
        throw new Error('boom');
      },
    };
    expect(createRouterMetrics({ ...base, meterProvider: broken, warn })).toBe(noopMetrics);
    expect(warn).toHaveBeenCalledWith({
      code: 'MODELROUTE_METER_FAILED',
      message: expect.stringContaining('could not create its OpenTelemetry instruments, so it measures nothing: boom'),
    });
  });

  it('never lets a failing instrument reach the caller of predict()', async () => {
    const meter = createNoopMeter();
    const throwing = new Proxy(meter, {
      get: (target, key) =>
        key === 'createHistogram'
          ? () => ({
              record: () => {
                throw new Error('record failed');
              },
            })
          : Reflect.get(target, key),
    });
    const router = await createRouter({
      route: 'fraud',
      models: { v1: (x: number) => x },
      source: staticSource({ routes: { fraud: { champion: 'v1', weights: { v1: 1 } } } }),
      fallback: 'v1',
      clock: manualClock(),
      meterProvider: { getMeter: () => throwing },
    });
    await expect(router.predict(7, { unit: 'u' })).resolves.toBe(7);
    await router.close();
  });

  it('rejects a meterProvider that is not one, in createRouter', async () => {
    await expect(
      createRouter({
        route: 'r',
        models: { v1: (x: number) => x },
        source: staticSource({ routes: {} }),
        fallback: 'v1',
        meterProvider: {} as MeterProvider,
      }),
    ).rejects.toMatchObject({
      code: 'invalid_options',
      message: expect.stringContaining('`meterProvider` must be an OpenTelemetry MeterProvider'),
    });
  });
});
