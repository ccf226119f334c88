import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { isModelrouteError } from '../errors/modelroute-error.js';
import { callbackSink } from '../shadow/callback-sink.js';
import { jsonLinesSink } from '../shadow/json-lines-sink.js';
import { unitPseudonym } from '../vocabulary/unit-pseudonym.js';
import { analyzeExperiment } from './analyze-experiment.js';
import { experimentRouter, routeDoc, seeded } from './experiment.test-support.js';
import type { ExposureRecord } from '../vocabulary/exposure-record.js';

describe('exposures', () => {
  it('count each unit once per document version, by the variant it was assigned', async () => {
    const { router } = await experimentRouter();
    const assigned: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 300; i++) {
      const unit = `u${i}`;
      assigned[router.decide(unit).variant]!++;
      for (let k = 0; k < 3; k++) await router.predict(1, { unit });
    }
    await router.predict(1); // no unit: not part of the experiment
    expect(router.analysis()!.srm.exposures).toEqual(assigned);
  });

  it('leave out overrides and calls without a unit', async () => {
    const { router, source } = await experimentRouter();
    source.setRoute({ ...routeDoc({ a: 50, b: 50 }), overrides: { qa: 'b' } });
    await router.predict(1, { unit: 'qa' });
    await router.predict(1);
    expect(router.analysis()!.srm.exposures).toEqual({ a: 0, b: 0 });
    expect(router.track('converted', 1, { unit: 'qa' })).toBe('unexposed');
  });

  it('count a unit once per version even after the table forgot it: healthy A/A splits pass the SRM check', async () => {
    // 20,000 users over a table of 1,000: each comes back long after it was forgotten (as 2M users would
    // on the default table). Counting visits instead of units overdisperses the counts: 5 of 20 flagged.
    let flagged = 0;
    for (let s = 0; s < 20; s++) {
      const random = seeded(1000 + s);
      const { router, source } = await experimentRouter({ a: 50, b: 50 }, { experiment: { maxUnits: 1000 } });
      source.setRoute({ ...routeDoc({ a: 50, b: 50 }), salt: `aa-${s}` });
      const units: Record<string, Set<string>> = { a: new Set(), b: new Set() };
      for (let i = 0; i < 60_000; i++) {
        const unit = `user-${Math.floor(random() * 20_000)}`;
        const { decision } = await router.predictDetailed(1, { unit });
        units[decision.assigned]!.add(unit);
      }
      const srm = router.analysis()!.srm;
      if (srm.mismatch) flagged++;
      // Never more than the arm's distinct units; the filter leaves some out (20 times more units than the
      // table holds), at the same rate in both arms.
      const kept = ['a', 'b'].map((arm) => srm.exposures[arm]! / units[arm]!.size);
      for (const arm of ['a', 'b']) expect(srm.exposures[arm]).toBeLessThanOrEqual(units[arm]!.size);
      expect(Math.abs(kept[0]! - kept[1]!)).toBeLessThan(0.02);
      await router.close();
    }
    expect(flagged).toBeLessThanOrEqual(1);
  });

  it('count a unit once per version when that version comes back (an undo to the same document)', async () => {
    const { router, source } = await experimentRouter();
    const v1 = router.configVersion!;
    const units = Array.from({ length: 1000 }, (_, i) => `u${i}`);
    for (const unit of units) await router.predict(1, { unit });
    source.setRoute(routeDoc({ a: 40, b: 60 }));
    for (const unit of units) await router.predict(1, { unit });
    source.setRoute(routeDoc({ a: 50, b: 50 }));
    expect(router.configVersion).toBe(v1);
    for (const unit of units) await router.predict(1, { unit });
    const { exposures } = router.analysis()!.srm;
    expect(exposures.a! + exposures.b!).toBe(1000);
  });

  it('keep no long unit string: 100 distinct 1 MB units do not stay in memory', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { router } = await experimentRouter();
    gc();
    const before = process.memoryUsage().heapUsed;
    const units: string[] = [];
    for (let i = 0; i < 100; i++) {
      const unit = Buffer.alloc(1 << 20, 97 + (i % 26)).toString('latin1') + i; // a flat 1 MB string
      await router.predict(1, { unit });
      if (i < 2) units.push(unit);
    }
    gc();
    expect((process.memoryUsage().heapUsed - before) / 2 ** 20).toBeLessThan(20);
    // Still the unit's exposure: outcomes by the long unit are attributed.
    expect(router.track('converted', 1, { unit: units[1]! })).toBe('attributed');
    expect(router.analysis()!.srm.exposures.a! + router.analysis()!.srm.exposures.b!).toBe(100);
  });

  it('go to exposure sinks as { time, route, unit, variant, version }, the unit pseudonymized', async () => {
    const records: ExposureRecord[] = [];
    const { router } = await experimentRouter(
      { a: 50, b: 50 },
      {
        pseudonymKey: 'a secret',
        experiment: { sinks: [callbackSink<ExposureRecord>((r) => void records.push(r))], timestamp: () => 0 },
      },
    );
    await router.predict(1, { unit: 'alice' });
    await router.predict(1, { unit: 'alice' });
    expect(records).toEqual([
      {
        time: '1970-01-01T00:00:00.000Z',
        route: 'checkout',
        unit: unitPseudonym('alice', 'a secret'), // keyed by the secret, never by the route name
        variant: router.decide('alice').variant,
        version: router.configVersion,
      },
    ]);
  });

  it('that a sink drops are still counted, and the drop is warned about once', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const slow = callbackSink<ExposureRecord>(() => new Promise(() => {}), { maxPending: 1 });
      const { router } = await experimentRouter({ a: 50, b: 50 }, { experiment: { sinks: [slow] } });
      for (const unit of ['u1', 'u2', 'u3']) await router.predict(1, { unit });
      await new Promise((resolve) => setImmediate(resolve));
      const { a, b } = router.analysis()!.srm.exposures;
      expect(a! + b!).toBe(3);
      expect(warnings.filter((w) => w.includes('an exposure sink dropped records'))).toHaveLength(1);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('leave the unit out when there is no secret key (one rule with shadow records)', async () => {
    const saved = process.env.MODELROUTE_PSEUDONYM_KEY;
    delete process.env.MODELROUTE_PSEUDONYM_KEY;
    try {
      const records: ExposureRecord[] = [];
      const { router } = await experimentRouter(
        { a: 50, b: 50 },
        { experiment: { sinks: [callbackSink<ExposureRecord>((r) => void records.push(r))] } },
      );
      await router.predict(1, { unit: 'alice' });
      expect(records).toHaveLength(1);
      expect(records[0]!.unit).toBeUndefined();
    } finally {
      if (saved !== undefined) process.env.MODELROUTE_PSEUDONYM_KEY = saved;
    }
  });

  it('go to a JSON-lines file, flushed by close()', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'modelroute-exposures-'));
    try {
      const path = join(dir, 'exposures.jsonl');
      const { router } = await experimentRouter(
        { a: 50, b: 50 },
        { experiment: { sinks: [jsonLinesSink(path)], unit: 'raw' } },
      );
      for (const unit of ['u1', 'u2', 'u1']) await router.predict(1, { unit });
      await router.close();
      const lines = (await readFile(path, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as ExposureRecord);
      expect(lines.map((l) => [l.unit, l.variant])).toEqual([
        ['u1', router.decide('u1').variant],
        ['u2', router.decide('u2').variant],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('router.track', () => {
  it('attributes an outcome to the variant the unit was exposed to, even after the weights changed', async () => {
    const { router, source } = await experimentRouter({ a: 50, b: 50 });
    const units = Array.from({ length: 200 }, (_, i) => `u${i}`);
    for (const unit of units) await router.predict(1, { unit });
    const before = router.configVersion!;
    const exposedTo = new Map(units.map((u) => [u, router.decide(u).variant]));
    source.setRoute(routeDoc({ a: 100, b: 0 })); // everyone goes to a now
    expect(router.configVersion).not.toBe(before);
    const bUnits = units.filter((u) => exposedTo.get(u) === 'b');
    expect(bUnits.length).toBeGreaterThan(50);
    for (const unit of bUnits) expect(router.track('converted', 1, { unit })).toBe('attributed');
    const old = router.analysis(before)!;
    expect(old.metrics[0]!.variants).toMatchObject({ a: { n: 0 }, b: { n: bUnits.length, mean: 1 } });
    // The new version has its own split, never pooled with the old one.
    expect(router.analysis()!.version).toBe(router.configVersion);
    expect(router.analysis()!.metrics[0]!.variants.b!.n).toBe(0);
  });

  it('never guesses: an unknown unit is unattributed', async () => {
    const { router } = await experimentRouter();
    await router.predict(1, { unit: 'known' });
    expect(router.track('converted', 1, { unit: 'stranger' })).toBe('unexposed');
    const { metrics } = router.analysis()!;
    expect(metrics[0]!.variants.a!.n + metrics[0]!.variants.b!.n).toBe(0);
  });

  it('counts an outcome later than the attribution window as expired (per metric window too)', async () => {
    const { router, clock } = await experimentRouter(
      { a: 50, b: 50 },
      {
        experiment: { attributionWindowMs: 1000 },
        config: {
          metrics: [
            { name: 'converted', kind: 'proportion', direction: 'increase', mde: 0.1, role: 'primary' },
            { name: 'late', kind: 'mean', direction: 'increase', mde: 0.1, role: 'primary', attributionWindowMs: 5000 },
          ],
        },
      },
    );
    await router.predict(1, { unit: 'u' });
    clock.advance(1000);
    expect(router.track('converted', 1, { unit: 'u' })).toBe('attributed');
    clock.advance(1);
    expect(router.track('converted', 1, { unit: 'u' })).toBe('expired');
    expect(router.track('late', 3, { unit: 'u' })).toBe('attributed');
    await router.predict(1, { unit: 'u' }); // a new exposure opens the window again
    expect(router.track('converted', 0, { unit: 'u' })).toBe('attributed');
  });

  it('takes the decision from predictDetailed instead of a unit', async () => {
    const { router, source } = await experimentRouter();
    const { decision } = await router.predictDetailed(1, { unit: 'u1' });
    source.setRoute(routeDoc({ a: 1, b: 3 }));
    expect(router.track('revenue', 12.5, { decision })).toBe('attributed');
    expect(router.analysis(decision.configVersion)!.metrics[1]!.variants[decision.variant]).toEqual({
      n: 1,
      mean: 12.5,
      sd: 0,
    });
  });

  it('leaves out the decision of an override or of a call without a unit, as it leaves out their exposures', async () => {
    const { router, source } = await experimentRouter();
    source.setRoute({ ...routeDoc({ a: 50, b: 50 }), overrides: { qa: 'b' } });
    const pinned = await router.predictDetailed(1, { unit: 'qa' });
    const unitless = await router.predictDetailed(1);
    expect(pinned.decision.reason).toBe('override');
    expect(unitless.decision.reason).toBe('random');
    expect(router.track('revenue', 100, { decision: pinned.decision })).toBe('unexposed');
    expect(router.track('revenue', 100, { decision: unitless.decision })).toBe('unexposed');
    expect(Object.values(router.analysis()!.metrics[1]!.variants).every((v) => v.n === 0)).toBe(true);
  });

  it('counts bad input and reports it, without throwing by default', async () => {
    const { router } = await experimentRouter();
    await router.predict(1, { unit: 'u' });
    expect(router.track('converted', 0.5, { unit: 'u' })).toBe('invalid_value');
    expect(router.track('revenue', Number.NaN, { unit: 'u' })).toBe('invalid_value');
    expect(router.track('clicks', 1, { unit: 'u' })).toBe('unknown_metric');
    expect(router.analysis()!.metrics.every((m) => Object.values(m.variants).every((v) => v.n === 0))).toBe(true);
  });

  it('refuses a value too large for its square to be summed (it would turn the analysis and the exported Σx² into Infinity)', async () => {
    const { router } = await experimentRouter();
    await router.predict(1, { unit: 'u' });
    expect(router.track('revenue', 1e154, { unit: 'u' })).toBe('invalid_value');
    expect(router.track('revenue', -1e154, { unit: 'u' })).toBe('invalid_value');
    expect(router.track('revenue', 1e99, { unit: 'u' })).toBe('attributed');
    const revenue = router.analysis()!.metrics[1]!;
    expect(
      Object.values(revenue.variants)
        .map((v) => v.n)
        .reduce((a, b) => a + b),
    ).toBe(1);
    expect(Object.values(revenue.variants).every((v) => Number.isFinite(v.mean))).toBe(true);
  });

  it("throws invalid_outcome for bad input with onInvalidOutcome: 'throw'", async () => {
    const { router } = await experimentRouter({ a: 50, b: 50 }, { experiment: { onInvalidOutcome: 'throw' } });
    await router.predict(1, { unit: 'u' });
    expect(() => router.track('converted', 2, { unit: 'u' })).toThrow(
      expect.objectContaining({ code: 'invalid_outcome' }),
    );
    try {
      router.track('nope', 1, { unit: 'u' });
    } catch (error) {
      expect(isModelrouteError(error, 'invalid_outcome')).toBe(true);
    }
  });

  it('has nothing to attribute to without an experiment in the document', async () => {
    const { router } = await experimentRouter({ a: 50, b: 50 }, { config: null });
    await router.predict(1, { unit: 'u' });
    expect(router.analysis()).toBeUndefined();
    expect(router.track('converted', 1, { unit: 'u' })).toBe('no_experiment');
  });
});

describe('versions', () => {
  it('keep the latest keepVersions summaries; an outcome for an older version is expired, not added anywhere', async () => {
    const { router, source } = await experimentRouter({ a: 50, b: 50 }, { experiment: { keepVersions: 2 } });
    await router.predict(1, { unit: 'early' });
    const first = router.configVersion!;
    for (const w of [60, 70]) source.setRoute(routeDoc({ a: w, b: 100 - w }));
    expect(router.analysis(first)).toBeUndefined();
    expect(router.track('converted', 1, { unit: 'early' })).toBe('expired');
  });
});

describe('the exposure table', () => {
  it('is bounded by maxUnits: the unit that entered first is forgotten', async () => {
    const { router } = await experimentRouter({ a: 50, b: 50 }, { experiment: { maxUnits: 100 } });
    for (let i = 0; i < 150; i++) await router.predict(1, { unit: `u${i}` });
    expect(router.track('converted', 1, { unit: 'u0' })).toBe('unexposed');
    expect(router.track('converted', 1, { unit: 'u49' })).toBe('unexposed');
    expect(router.track('converted', 1, { unit: 'u50' })).toBe('attributed');
    expect(router.track('converted', 1, { unit: 'u149' })).toBe('attributed');
  });
});

describe('summaries', () => {
  it('of different versions or splits refuse to merge (different splits are never pooled)', async () => {
    const even = (await experimentRouter({ a: 50, b: 50 })).router.experimentSummary()!;
    const uneven = (await experimentRouter({ a: 10, b: 90 })).router.experimentSummary()!;
    expect(() => even.merge(uneven)).toThrow(
      `cannot merge the experiment summary of route "checkout" version "${uneven.version}" (weights a 10, b 90) into version "${even.version}" (weights a 50, b 50): summaries of different versions or splits are never pooled`,
    );
    expect(Array.from(even.exposures)).toEqual([0, 0]);
  });

  it('of several routers merge exactly into the summary of one router that saw all the traffic', async () => {
    const parts = await Promise.all([experimentRouter(), experimentRouter(), experimentRouter()]);
    const whole = await experimentRouter();
    for (let i = 0; i < 900; i++) {
      const unit = `u${i}`;
      const part = parts[i % 3]!.router;
      await part.predict(1, { unit });
      await whole.router.predict(1, { unit });
      const converted = i % 7 === 0 ? 1 : 0;
      const revenue = ((i * 37) % 101) / 4 - 5; // negative values too; quarters, so that every sum is exact
      for (const r of [part, whole.router]) {
        r.track('converted', converted, { unit });
        r.track('revenue', revenue, { unit });
      }
    }
    const merged = parts[0]!.router.experimentSummary()!;
    // A fresh copy: merge the three into an empty summary of the same version.
    const pooled = parts.reduce(
      (acc, p) => acc.merge(p.router.experimentSummary()!),
      new (merged.constructor as typeof import('./version-summary.js').VersionSummary)(merged.spec, 86_400_000),
    );
    const one = whole.router.experimentSummary()!;
    expect(Array.from(pooled.exposures)).toEqual(Array.from(one.exposures));
    pooled.summaries.forEach((row, m) =>
      row.forEach((s, v) => {
        const t = one.summaries[m]![v]!;
        expect([s.n, s.positive, s.negative]).toEqual([t.n, t.positive, t.negative]);
        expect(s.welford.mean).toBeCloseTo(t.welford.mean, 12);
        expect(s.welford.variance).toBeCloseTo(t.welford.variance, 10);
      }),
    );
    const a = analyzeExperiment(pooled.figures());
    const b = whole.router.analysis()!;
    expect(a.srm).toEqual(b.srm);
    expect(a.metrics[0]).toEqual(b.metrics[0]); // proportions: exact
    expect(a.metrics[1]!.comparisons[0]!.pValue).toBeCloseTo(b.metrics[1]!.comparisons[0]!.pValue, 10);
  });
});
