import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { createRouter } from '../router/create-router.js';
import { memorySource } from '../sources/memory-source.js';
import { ATTR, INSTRUMENTS } from '../telemetry/instruments.js';
import { collect, sdkProvider, values } from '../telemetry/metrics.test-support.js';
import { analyzeExperiment } from './analyze-experiment.js';
import { conversion, routeDoc } from './experiment.test-support.js';
import { figuresFromCounts, type FleetCounts } from './figures-from-counts.js';

const keys = [ATTR.variant, ATTR.version, ATTR.metric] as const;

describe('experiment counters', () => {
  it('export exposures and summaries that add across routers, and give the analysis back', async () => {
    const { provider, reader } = sdkProvider();
    const doc = { routes: { checkout: routeDoc({ a: 50, b: 50 }) } };
    // Two routers of one route on one meter, as two instances behind one backend would add up.
    const make = () =>
      createRouter<number, number>({
        route: 'checkout',
        models: { a: (x) => x, b: (x) => x },
        source: memorySource(doc),
        fallback: 'a',
        clock: manualClock(),
        meterProvider: provider,
      });
    const routers = [await make(), await make()];
    const whole = await createRouter<number, number>({
      route: 'checkout',
      models: { a: (x) => x, b: (x) => x },
      source: memorySource(doc),
      fallback: 'a',
      clock: manualClock(),
    });
    for (let i = 0; i < 2000; i++) {
      const unit = `u${i}`;
      for (const r of [routers[i % 2]!, whole]) {
        await r.predict(0, { unit });
        r.track('converted', i % 9 === 0 ? 1 : 0, { unit });
        r.track('revenue', (i % 13) - 6, { unit }); // negative values too
      }
    }
    routers[0]!.track('converted', 1, { unit: 'stranger' });

    const points = await collect(reader);
    const version = whole.configVersion!;
    const exposures = values(points, INSTRUMENTS.experimentExposures.name, [ATTR.variant, ATTR.version]);
    const one = whole.analysis()!;
    expect(exposures).toEqual({ [`a|${version}`]: one.srm.exposures.a, [`b|${version}`]: one.srm.exposures.b });
    for (const point of points.filter((p) => p.name.startsWith('modelroute.experiment.')))
      expect(Object.keys(point.attributes)).not.toContain('unit');
    expect(values(points, INSTRUMENTS.experimentUnattributed.name, [ATTR.unattributedReason])).toMatchObject({
      unexposed: 1,
      expired: 0,
    });

    // The fleet path: the counters, summed, through figuresFromCounts.
    const outcomes = values(points, INSTRUMENTS.experimentOutcomes.name, keys);
    const sums = values(points, INSTRUMENTS.experimentValues.name, [...keys, ATTR.sign]);
    const squares = values(points, INSTRUMENTS.experimentSquares.name, keys);
    const counts: FleetCounts = {
      exposures: { a: exposures[`a|${version}`] as number, b: exposures[`b|${version}`] as number },
      summaries: Object.fromEntries(
        ['converted', 'revenue'].map((metric) => [
          metric,
          Object.fromEntries(
            ['a', 'b'].map((v) => {
              const k = `${v}|${version}|${metric}`;
              return [
                v,
                {
                  n: outcomes[k] as number,
                  positive: sums[`${k}|positive`] as number,
                  negative: sums[`${k}|negative`] as number,
                  squares: squares[k] as number,
                },
              ];
            }),
          ),
        ]),
      ),
    };
    const fleet = analyzeExperiment(
      figuresFromCounts('checkout', { ...routeDoc({ a: 50, b: 50 }), version, experiment: conversion }, counts),
    );
    expect(fleet.srm).toEqual(one.srm);
    expect(fleet.metrics[0]).toEqual(one.metrics[0]);
    const [f, o] = [fleet.metrics[1]!.comparisons[0]!, one.metrics[1]!.comparisons[0]!];
    expect(f.verdict).toBe(o.verdict);
    for (const key of ['difference', 'pValue', 'alwaysValidPValue'] as const) expect(f[key]).toBeCloseTo(o[key], 9);
    await Promise.all([...routers, whole].map((r) => r.close()));
  });
});
