import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import type { GuardConfig } from '../rollout/schema.js';
import { canary, rolloutDocument } from '../rollout/strategies.js';
import { createRouter } from '../router/create-router.js';
import { memorySource } from '../sources/memory-source.js';
import { collect, sdkProvider } from '../telemetry/metrics.test-support.js';
import { memoryWriter } from './memory-writer.js';
import { rolloutController, type ControllerDecision } from './rollout-controller.js';
import { analysisOf, type MetricSpec } from './stage.test-support.js';

const MIN = 60_000;
const collecting: MetricSpec[] = [{ verdict: 'collecting', n: [100, 5] }];
const sampled: MetricSpec[] = [{ verdict: 'inconclusive', n: [1000, 1000] }];
const worse: MetricSpec[] = [{ verdict: 'worse', n: [400, 20] }];

async function setup({
  guard,
  failing = false,
  maxDurationMs,
}: {
  guard?: GuardConfig;
  failing?: boolean;
  maxDurationMs?: number;
} = {}) {
  const clock = manualClock(0);
  const document = rolloutDocument({
    score: canary({
      stable: 'v1',
      canary: 'v2',
      steps: [
        { weight: 5, minDurationMs: 10 * MIN, ...(maxDurationMs === undefined ? {} : { maxDurationMs }) },
        { weight: 20, minDurationMs: 10 * MIN },
        { weight: 50, minDurationMs: 10 * MIN },
        100,
      ],
      ...(guard === undefined ? {} : { guard }),
    }),
  });
  const source = memorySource(document);
  const router = await createRouter({
    route: 'score',
    models: {
      v1: (x: number) => x,
      v2: (x: number) => {
        if (failing) throw new Error('v2 is broken');
        return x;
      },
    },
    source,
    fallback: 'v1',
    clock,
  });
  const writer = memoryWriter({ source, document, clock });
  // A fake analysis() for the version in force: the tests set its figures.
  const figures = { metrics: collecting, srmMismatch: false };
  const subject = {
    route: 'score',
    get document() {
      return router.document;
    },
    get configVersion() {
      return router.configVersion;
    },
    analysis: () => analysisOf({ version: router.configVersion, ...figures }),
    guardStatus: () => router.guardStatus(),
  };
  const { provider, reader } = sdkProvider();
  const controller = rolloutController({ router: subject, writer, clock, intervalMs: 0, meterProvider: provider });
  const decisions: ControllerDecision[] = [];
  controller.on('decision', (d) => decisions.push(d));
  const at = async (ms: number) => {
    clock.set(ms);
    return controller.tick();
  };
  return { clock, router, writer, figures, controller, decisions, at, reader };
}

const candidateUnits = (router: { decide(unit: string): { variant: string } }): Set<string> => {
  const units = new Set<string>();
  for (let i = 0; i < 4000; i++) if (router.decide(`user-${i}`).variant === 'v2') units.add(`user-${i}`);
  return units;
};

afterEach(() => {
  vi.useRealTimers();
});

describe('rolloutController', () => {
  it('advances 5 -> 20 -> 50 -> 100 and promotes, each step only after its duration and its sample', async () => {
    const { router, writer, figures, at, decisions, reader } = await setup();
    expect((await at(0)).code).toBe('min_duration');
    expect((await at(10 * MIN)).code).toBe('collecting'); // duration passed, sample not
    figures.metrics = sampled;
    const five = candidateUnits(router);
    expect((await at(10 * MIN + 1)).action).toBe('advance');
    expect(router.document?.weights).toEqual({ v1: 80, v2: 20 });
    // The units of the 5% cohort are all in the 20% one.
    const twenty = candidateUnits(router);
    expect(five.size).toBeGreaterThan(100);
    expect(twenty.size).toBeGreaterThan(2.5 * five.size);
    for (const unit of five) expect(twenty.has(unit)).toBe(true);
    // The new step starts at the write: its sample (fresh figures say "sampled") does not skip its duration.
    expect((await at(10 * MIN + 2)).code).toBe('min_duration');
    expect((await at(20 * MIN)).code).toBe('min_duration');
    expect((await at(20 * MIN + 1)).action).toBe('advance');
    expect(router.document?.weights).toEqual({ v1: 50, v2: 50 });
    for (const unit of twenty) expect(router.decide(unit).variant).toBe('v2');
    expect((await at(30 * MIN + 1)).action).toBe('advance');
    expect(router.document?.weights).toEqual({ v1: 0, v2: 100 });
    const done = await at(30 * MIN + 2);
    expect(done).toMatchObject({ action: 'complete', outcome: 'successful', code: 'full_traffic', changed: true });
    expect(router.document).toMatchObject({ champion: 'v2', weights: { v1: 0, v2: 100 }, rollbackTo: 'v1' });
    expect(router.document?.stages).toBeUndefined();
    expect((await at(40 * MIN)).code).toBe('no_stages');

    expect(writer.history.map((e) => `${e.command}@${e.at / MIN}`)).toEqual([
      'advance@10.000016666666667',
      'advance@20.000016666666667',
      'advance@30.000016666666667',
      'complete@30.000033333333334',
    ]);
    const first = writer.history[0]!;
    if (first.command === 'promote') throw new Error('expected a staged decision');
    expect(first.evidence.evidence.metrics[0]).toMatchObject({ verdict: 'inconclusive', n: [1000, 1000] });
    expect(writer.history[0]!.actor).toBe('modelroute-controller');
    expect(decisions).toHaveLength(9);
    const counts = (await collect(reader))
      .filter((p) => p.name === 'modelroute.controller.decisions')
      .map((p) => [
        p.attributes['modelroute.controller.action'],
        p.attributes['modelroute.controller.outcome'],
        p.value,
      ]);
    expect(counts).toEqual(
      expect.arrayContaining([
        ['wait', 'running', 5],
        ['advance', 'successful', 3],
        ['complete', 'successful', 1],
      ]),
    );
  });

  it('rolls a worse candidate back to weight 0 with the evidence, then waits without writing', async () => {
    const { router, writer, figures, at } = await setup();
    figures.metrics = worse;
    const d = await at(MIN); // before the minimum duration and the sample
    expect(d).toMatchObject({ action: 'rollback', outcome: 'failed', code: 'metric_worse', changed: true });
    expect(router.document?.weights).toEqual({ v1: 100, v2: 0 });
    expect(router.document?.stages?.candidate).toBe('v2'); // kept: `set v2=5` restarts the rollout
    expect(writer.history).toHaveLength(1);
    expect(writer.history[0]).toMatchObject({ command: 'rollback', before: { weights: { v2: 5 } } });
    expect((await at(2 * MIN)).code).toBe('not_running');
    expect(writer.history).toHaveLength(1);
  });

  it('rolls back on a trip of the real guard', async () => {
    const { router, at } = await setup({ guard: { errorRateRatio: 2, minCalls: 3 }, failing: true });
    for (let i = 0; i < 400; i++) await router.predict(1, { unit: `u${i}` }).catch(() => {});
    expect(router.guardStatus().find((s) => s.variant === 'v2')?.state).toBe('open');
    expect(await at(MIN)).toMatchObject({ action: 'rollback', code: 'guard_trip' });
    expect(router.document?.weights.v2).toBe(0);
  });

  it('holds on a sample ratio mismatch and notes it once per version', async () => {
    const { router, writer, figures, at } = await setup();
    figures.srmMismatch = true;
    expect(await at(MIN)).toMatchObject({ action: 'hold', code: 'srm_mismatch', changed: false });
    expect((await at(20 * MIN)).code).toBe('srm_mismatch');
    expect(writer.history.map((e) => e.command)).toEqual(['hold']);
    expect(router.document?.weights).toEqual({ v1: 95, v2: 5 });
  });

  it('holds rather than rolls back when data never comes', async () => {
    const { at, router } = await setup({ maxDurationMs: 30 * MIN });
    for (const ms of [0, MIN, 29 * MIN, 30 * MIN, 300 * MIN]) {
      const d = await at(ms);
      expect([d.action, d.code]).toEqual(
        ms < 10 * MIN ? ['wait', 'min_duration'] : ms < 30 * MIN ? ['wait', 'collecting'] : ['hold', 'max_duration'],
      );
    }
    expect(router.document?.weights).toEqual({ v1: 95, v2: 5 });
  });

  it("a restarted controller counts the step from the writer's last change", async () => {
    const { router, writer, figures, at, clock } = await setup();
    figures.metrics = sampled;
    await at(0);
    await at(10 * MIN);
    expect(router.document?.weights.v2).toBe(20);
    const restarted = rolloutController({
      router: {
        route: 'score',
        document: router.document,
        configVersion: router.configVersion,
        analysis: () => analysisOf({ version: router.configVersion, metrics: sampled }),
        guardStatus: () => [],
      },
      writer,
      clock,
      intervalMs: 0,
    });
    clock.set(15 * MIN);
    expect(await restarted.tick()).toMatchObject({ code: 'min_duration', evidence: { elapsedMs: 5 * MIN } });
  });

  it('ticks on its timer, one tick at a time, until closed', async () => {
    vi.useFakeTimers();
    const { controller } = await setup();
    const timed = rolloutController({
      router: {
        route: 'score',
        document: undefined,
        configVersion: undefined,
        analysis: () => undefined,
        guardStatus: () => [],
      },
      writer: memoryWriter({ source: memorySource(), document: { routes: {} } }),
      intervalMs: 1000,
    });
    const seen: string[] = [];
    timed.on('decision', (d) => seen.push(d.code));
    await vi.advanceTimersByTimeAsync(3000);
    expect(seen).toEqual(['no_stages', 'no_stages', 'no_stages']);
    timed.close();
    await vi.advanceTimersByTimeAsync(3000);
    expect(seen).toHaveLength(3);
    const [a, b] = [controller.tick(), controller.tick()];
    expect(a).toBe(b);
    await a;
  });
});
