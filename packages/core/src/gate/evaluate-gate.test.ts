import { describe, expect, it } from 'vitest';
import type { WindowBucket, WindowFigures } from './kpi-window.js';
import { evaluateGate } from './evaluate-gate.js';
import { DAY, kpis } from './gate.test-support.js';

const p = (n: number, rate: number) => ({ n, mean: rate, variance: (n * rate * (1 - rate)) / (n - 1) });
const ms = (n: number, mean: number) => ({ n, mean, variance: 100 });

const day = (i: number, champ: boolean, chalRate: number): WindowBucket => ({
  start: i * DAY,
  summaries: {
    converted: { ...(champ ? { champ: p(3600, 0.1) } : {}), chal: p(400, chalRate) },
    latency: { ...(champ ? { champ: ms(3600, 100) } : {}), chal: ms(400, 100) },
  },
});
const window = (buckets: WindowBucket[]): WindowFigures => ({
  route: 'offers',
  champion: 'champ',
  bucketMs: DAY,
  size: 7,
  buckets,
});

describe('evaluateGate (pure)', () => {
  it('compares only buckets where both had traffic: challenger-only days do not count', () => {
    // Days 0-3: the challenger alone (say the champion was out), and much better than nothing: ignored.
    const buckets = [0, 1, 2, 3].map((i) => day(i, false, 0.5)).concat([4, 5, 6].map((i) => day(i, true, 0.1)));
    const status = evaluateGate(window(buckets), { minDays: 2 }, kpis, 7 * DAY);
    expect(status.ready).toBe(false);
    expect(status.candidates[0]!.evidence).toMatchObject({
      concurrentBuckets: 3,
      n: { champion: 10800, challenger: 1200 },
    });
    expect(status.candidates[0]!.evidence.lift).toBeCloseTo(0, 10);
  });

  it('needs minDays of concurrent traffic, however strong the effect', () => {
    const buckets = [5, 6].map((i) => day(i, true, 0.3));
    expect(evaluateGate(window(buckets), { minDays: 3 }, kpis, 7 * DAY)).toMatchObject({
      ready: false,
      reason: expect.stringContaining('2 day(s) of concurrent traffic, the gate needs 3'),
    });
    // minDays 2 with 2 days: it must have been ahead 2 days ago too, when there was nothing yet.
    expect(evaluateGate(window(buckets), { minDays: 2 }, kpis, 7 * DAY).ready).toBe(false);
    expect(evaluateGate(window(buckets), { minDays: 1 }, kpis, 7 * DAY)).toMatchObject({
      ready: true,
      challenger: 'chal',
    });
  });

  it('reads the lift of a KPI whose mean is negative by its sign: a better challenger is ready', () => {
    // A mean log-likelihood: the champion at -0.5, the challenger at -0.3 (better by 40% of |-0.5|).
    const loglik = { metrics: [{ name: 'loglik', kind: 'mean', direction: 'increase', mde: 0.05, role: 'primary' }] };
    const v = (n: number, mean: number) => ({ n, mean, variance: 0.01 });
    const buckets = [4, 5, 6].map((i) => ({
      start: i * DAY,
      summaries: { loglik: { champ: v(2000, -0.5), chal: v(2000, -0.3) } },
    }));
    const status = evaluateGate(window(buckets), { minDays: 2 }, loglik as typeof kpis, 7 * DAY);
    expect(status.candidates[0]!.evidence.lift).toBeCloseTo(0.4, 10);
    expect(status).toMatchObject({ ready: true, challenger: 'chal' });
  });

  it('is never ready without a primary metric', () => {
    const guardOnly = { metrics: kpis.metrics.filter((m) => m.role === 'guardrail') };
    expect(evaluateGate(window([day(6, true, 0.3)]), {}, guardOnly, 7 * DAY)).toMatchObject({
      ready: false,
      reason: 'the experiment has no primary metric',
    });
  });
});
