import { describe, expect, it } from 'vitest';
import type { RouteDocument } from '../rollout/schema.js';
import { decideStage, type StageInput } from './decide-stage.js';
import { analysisOf, type MetricSpec } from './stage.test-support.js';

const MIN = 60_000;
const doc = (candidateWeight: number, extra: Partial<RouteDocument> = {}): RouteDocument => ({
  champion: 'v1',
  weights: { v1: 100 - candidateWeight, v2: candidateWeight },
  stages: {
    candidate: 'v2',
    steps: [
      { weight: 5, minDurationMs: 10 * MIN, maxDurationMs: 60 * MIN },
      { weight: 20, minDurationMs: 10 * MIN },
      { weight: 50 },
      { weight: 100, minDurationMs: 5 * MIN },
    ],
  },
  ...extra,
});
const sampled: MetricSpec = { verdict: 'inconclusive', n: [1000, 1000] };
const input = (over: Partial<StageInput> & { metrics?: MetricSpec[]; srmMismatch?: boolean }): StageInput => ({
  document: doc(5),
  version: 'A',
  analysis: analysisOf({ version: 'A', metrics: over.metrics ?? [sampled], srmMismatch: over.srmMismatch }),
  guard: [],
  stepStartedAt: 0,
  now: 20 * MIN,
  ...over,
});

describe('decideStage', () => {
  it('advances a step whose metrics all reached their sample with none worse, to the next weight', () => {
    const d = decideStage(input({}));
    expect(d).toMatchObject({
      action: 'advance',
      outcome: 'successful',
      code: 'sample_reached',
      step: { index: 0, count: 4, weight: 5, nextWeight: 20 },
    });
    expect(d.evidence.metrics[0]).toMatchObject({ name: 'conversion', verdict: 'inconclusive', n: [1000, 1000] });
  });

  it('rolls back on a guard trip of the candidate, before every other rule', () => {
    const d = decideStage(
      input({ guard: [{ variant: 'v2', state: 'open', trigger: 'error_rate' }], now: 1, srmMismatch: true }),
    );
    expect(d).toMatchObject({ action: 'rollback', outcome: 'failed', code: 'guard_trip' });
    expect(d.evidence.trip).toEqual({ state: 'open', trigger: 'error_rate' });
    // The champion's own trip is not the candidate's.
    expect(decideStage(input({ guard: [{ variant: 'v1', state: 'open', trigger: 'error_rate' }] })).action).toBe(
      'advance',
    );
  });

  it('rolls back when the primary or a guardrail is worse, even before the minimum duration or the sample', () => {
    const early = { now: 1 };
    expect(decideStage(input({ ...early, metrics: [{ verdict: 'worse', n: [200, 10] }] }))).toMatchObject({
      action: 'rollback',
      code: 'metric_worse',
    });
    const d = decideStage(
      input({
        ...early,
        metrics: [
          { verdict: 'collecting', n: [5, 5] },
          { verdict: 'worse', n: [5, 5] },
        ],
      }),
    );
    expect(d).toMatchObject({ action: 'rollback', code: 'metric_worse' });
    expect(d.reason).toContain('guardrail-1');
  });

  it('holds on a sample ratio mismatch, before waiting for the duration', () => {
    expect(decideStage(input({ srmMismatch: true, now: 1 }))).toMatchObject({
      action: 'hold',
      outcome: 'inconclusive',
      code: 'srm_mismatch',
    });
  });

  it('holds, never rolls back, while a review signal is pending for the candidate', () => {
    const base = input({ now: 10 * MIN });
    const review = (variant: string) => ({
      route: 'score',
      variant,
      against: 'v1',
      trigger: 'prediction_shift' as const,
      version: 'A',
      at: 0,
      figures: { psi: 0.3 },
      message: 'shifted',
    });
    const held = decideStage({ ...base, analysis: { ...base.analysis!, reviews: [review('v2')] } });
    expect(held).toMatchObject({ action: 'hold', outcome: 'inconclusive', code: 'review_pending' });
    expect(held.evidence.reviews).toHaveLength(1);
    expect(decideStage({ ...base, analysis: { ...base.analysis!, reviews: [review('v3')] } }).action).toBe('advance');
    const worse = input({ now: 10 * MIN, metrics: [{ verdict: 'worse', n: [5, 5] }] });
    expect(decideStage({ ...worse, analysis: { ...worse.analysis!, reviews: [review('v2')] } }).action).toBe(
      'rollback',
    ); // a hard fact still rolls back
  });

  it('waits until the minimum duration passed, then advances at that tick exactly', () => {
    expect(decideStage(input({ now: 10 * MIN - 1 }))).toMatchObject({ action: 'wait', code: 'min_duration' });
    expect(decideStage(input({ now: 10 * MIN }))).toMatchObject({ action: 'advance' });
  });

  it('waits while any metric is short of its sample, "better" included', () => {
    for (const metrics of [
      [{ verdict: 'collecting', n: [999, 999] }],
      [sampled, { verdict: 'collecting', n: [1000, 10] }],
      [{ verdict: 'better', n: [1000, 999] }],
      [{ verdict: 'inconclusive', n: [999, 1000] }],
    ] as MetricSpec[][])
      expect(decideStage(input({ metrics }))).toMatchObject({ action: 'wait', outcome: 'running', code: 'collecting' });
    expect(decideStage(input({ metrics: [{ verdict: 'better', n: [1000, 1000] }] })).action).toBe('advance');
  });

  it('holds past the maximum duration without the sample, and never rolls back for lack of data', () => {
    const collecting: MetricSpec[] = [{ verdict: 'collecting', n: [0, 0] }];
    expect(decideStage(input({ metrics: collecting, now: 60 * MIN - 1 })).action).toBe('wait');
    expect(decideStage(input({ metrics: collecting, now: 60 * MIN }))).toMatchObject({
      action: 'hold',
      code: 'max_duration',
    });
    for (const now of [10 * MIN, 30 * MIN, 60 * MIN, 1e9]) {
      const none = decideStage(input({ analysis: undefined, now }));
      expect(none.action).toBe(now >= 60 * MIN ? 'hold' : 'wait');
      expect(none.reason).toContain(now >= 60 * MIN ? 'lack of data never rolls back' : 'no analysis yet');
    }
    // A step without maxDurationMs waits as long as it takes.
    expect(decideStage(input({ document: doc(20), metrics: collecting, now: 1e9 })).action).toBe('wait');
  });

  it('holds an analysis without metrics, and waits for an analysis of another version', () => {
    expect(decideStage(input({ metrics: [] }))).toMatchObject({ action: 'hold', code: 'no_metrics' });
    expect(decideStage(input({ version: 'B' }))).toMatchObject({ action: 'wait', code: 'stale_analysis' });
    // A stale analysis's verdicts do not count: they are about another split.
    expect(decideStage(input({ version: 'B', metrics: [{ verdict: 'worse', n: [9, 9] }] })).action).toBe('wait');
  });

  it('completes after the last step with a control, and a 100% step once its minimum duration passed', () => {
    const three = doc(50, {});
    three.stages!.steps = three.stages!.steps.slice(0, 3);
    expect(decideStage(input({ document: three }))).toMatchObject({
      action: 'complete',
      code: 'sample_reached',
      step: { index: 2, nextWeight: undefined },
    });
    const full = { document: doc(100), analysis: undefined };
    expect(decideStage(input({ ...full, now: 5 * MIN - 1 }))).toMatchObject({ action: 'wait', code: 'min_duration' });
    expect(decideStage(input({ ...full, now: 5 * MIN }))).toMatchObject({ action: 'complete', code: 'full_traffic' });
    expect(
      decideStage(input({ ...full, guard: [{ variant: 'v2', state: 'half-open', trigger: 'p99_latency' }] })).action,
    ).toBe('rollback');
  });

  it('reads the share from normalized weights, and holds off a step', () => {
    const relative = { ...doc(5), weights: { v1: 19, v2: 1 } }; // 5%
    expect(decideStage(input({ document: relative })).step?.weight).toBe(5);
    expect(decideStage(input({ document: doc(10) }))).toMatchObject({ action: 'hold', code: 'off_step' });
    expect(decideStage(input({ document: doc(10), metrics: [{ verdict: 'worse', n: [1, 1] }] })).action).toBe(
      'rollback',
    );
  });

  it('waits when there is nothing to run: no stages, or a candidate without traffic', () => {
    expect(decideStage(input({ document: { champion: 'v1', weights: { v1: 1 } } }))).toMatchObject({
      action: 'wait',
      code: 'no_stages',
    });
    expect(decideStage(input({ document: doc(0), metrics: [{ verdict: 'worse', n: [9, 9] }] }))).toMatchObject({
      action: 'wait',
      code: 'not_running',
    });
    expect(decideStage(input({ document: undefined })).code).toBe('no_stages');
  });
});
