import { describe, expect, it } from 'vitest';
import { guardHarness, pinnedRoute, prng, type GuardHarness } from './guard.test-support.js';

// Calls `unit` n times; returns the 1-based index of the call after which the first trip was seen (0: none).
async function callsUntilTrip(h: GuardHarness, unit: string, n: number): Promise<number> {
  const before = h.trips.length;
  for (let i = 1; i <= n; i++) {
    await h.call(unit);
    if (h.trips.length > before) return i;
  }
  return 0;
}

describe('guard hard triggers, on a manual clock', () => {
  it('error rate: fires at the first call where the candidate reaches errorRateRatio x the champion, and the next call goes to the champion', async () => {
    const h = await guardHarness(pinnedRoute({ errorRateRatio: 5, minErrorRate: 0.01, minCalls: 20 }));
    h.script.champ = (n) => ({ fail: n % 50 === 0 }); // 2% errors: threshold 10%
    for (let i = 0; i < 100; i++) await h.call('h');
    h.script.cand = (n) => ({ fail: n > 30 }); // 30 good calls, then errors: 4/34 >= 10% but 3/33 is not
    expect(await callsUntilTrip(h, 'c', 100)).toBe(34);
    expect(h.trips[0]).toMatchObject({
      variant: 'cand',
      trigger: 'error_rate',
      phase: 'window',
      target: 'champ',
      baseline: { variant: 'champ', errorRate: 0.02 },
    });
    expect(h.trips[0]!.window).toMatchObject({ calls: 34, errors: 4 });
    expect(h.trips[0]!.threshold).toBeCloseTo(0.1);
    const next = await h.call('c');
    expect(next).toMatchObject({ variant: 'champ', reason: 'guard', output: 'champ:1' });
    expect(h.router.decide('c')).toMatchObject({ variant: 'champ', reason: 'guard', assigned: 'cand' });
    expect(h.metricCalls.filter((c) => c[0] === 'guardTrip')).toEqual([['guardTrip', 'cand', 'error_rate']]);
    expect(h.metricCalls).toContainEqual(['guardState', 'cand', 'open']);
  });

  it('fires nothing before minCalls calls in the window, however bad they are', async () => {
    const h = await guardHarness(pinnedRoute({ minCalls: 50, invalidRate: 0.01, p99LatencyMs: 100 }));
    h.script.cand = () => ({ fail: true, ms: 1000 });
    expect(await callsUntilTrip(h, 'c', 49)).toBe(0);
    expect(await callsUntilTrip(h, 'c', 1)).toBe(1);
    expect(h.trips[0]!.window.calls).toBe(50);
  });

  it('zero baseline: a champion without errors counts as minErrorRate', async () => {
    const h = await guardHarness(pinnedRoute({ errorRateRatio: 5, minErrorRate: 0.01, minCalls: 20 }));
    for (let i = 0; i < 100; i++) await h.call('h'); // no champion errors: threshold 5 x 1% = 5%
    h.script.cand = (n) => ({ fail: n > 40 }); // 3/43 >= 5%, 2/42 is not
    expect(await callsUntilTrip(h, 'c', 100)).toBe(43);
    expect(h.trips[0]!.baseline).toEqual({ variant: 'champ', errorRate: 0.01 });
  });

  it('no champion traffic (blue/green after the switch): the configured baselineErrorRate', async () => {
    const h = await guardHarness({
      champion: 'champ',
      weights: { champ: 0, cand: 100 },
      guard: { errorRateRatio: 5, baselineErrorRate: 0.02, minCalls: 20 },
    });
    h.script.cand = (n) => ({ fail: n > 40 }); // threshold 10%: 5/45 >= 10%, 4/44 is not
    expect(await callsUntilTrip(h, 'any-unit', 100)).toBe(45);
    expect(h.trips[0]).toMatchObject({
      trigger: 'error_rate',
      target: 'champ',
      baseline: { variant: undefined, errorRate: 0.02 },
    });
    expect((await h.call('any-unit')).variant).toBe('champ');
  });

  it('the configured baselineErrorRate is floored at minErrorRate too: baselineErrorRate 0 does not make one error a trip', async () => {
    const h = await guardHarness({
      champion: 'champ',
      weights: { champ: 0, cand: 100 },
      guard: { errorRateRatio: 5, minErrorRate: 0.01, baselineErrorRate: 0, minCalls: 30 },
    });
    h.script.cand = (n) => ({ fail: n === 1 }); // 1/30 is 3.3%, below 5 x max(0, 1%) = 5%
    expect(await callsUntilTrip(h, 'any-unit', 100)).toBe(0);
    h.script.cand = () => ({ fail: true });
    expect(await callsUntilTrip(h, 'any-unit', 100)).toBeGreaterThan(0);
    expect(h.trips[0]).toMatchObject({
      trigger: 'error_rate',
      threshold: 0.05,
      baseline: { variant: undefined, errorRate: 0.01 },
    });
  });

  it('p99 latency: fires when more than 1% of the window is slower than the SLA (the second slow call after 100)', async () => {
    const h = await guardHarness(pinnedRoute({ p99LatencyMs: 100, minCalls: 100 }));
    h.script.cand = (n) => ({ ms: n > 100 ? 500 : 20 });
    expect(await callsUntilTrip(h, 'c', 200)).toBe(102);
    expect(h.trips[0]).toMatchObject({ trigger: 'p99_latency', threshold: 100 });
    expect(h.trips[0]!.value).toBeGreaterThan(500 * 0.95);
    expect(h.trips[0]!.value).toBeLessThan(500 * 1.05);
  });

  it('invalid rate: null, undefined and NaN are invalid by default; fires above invalidRate', async () => {
    const h = await guardHarness(pinnedRoute({ invalidRate: 0.01, minCalls: 100 }));
    const bad = [null, undefined, Number.NaN];
    h.script.cand = (n) => (n > 200 && n % 10 === 0 ? { value: bad[n % 3] } : {});
    // After 200 good calls, a bad value every 10th call: 3 bad in 230 calls is 1.3% > 1%; 2 in 220 is not.
    expect(await callsUntilTrip(h, 'c', 400)).toBe(230);
    expect(h.trips[0]).toMatchObject({ trigger: 'invalid_rate', threshold: 0.01, window: { invalid: 3, calls: 230 } });
  });

  it('a candidate returning NaN on 2% of calls is ejected; one at 0.5% is not (invalidRate 0.01)', async () => {
    const run = async (rate: number, seed: number) => {
      const h = await guardHarness(pinnedRoute({ invalidRate: 0.01, minCalls: 5000, windowMs: 60_000 }));
      const random = prng(seed);
      h.script.cand = () => ({ ms: 5, value: random() < rate ? Number.NaN : 1 }); // 200 calls per second
      return callsUntilTrip(h, 'c', 30_000);
    };
    for (const seed of [1, 2, 3]) {
      const at = await run(0.02, seed);
      expect(at).toBeGreaterThanOrEqual(5000);
      expect(at).toBeLessThanOrEqual(5001);
      expect(await run(0.005, seed)).toBe(0);
    }
  });

  it("no trip from the champion's own noise: a champion at 3% errors, a candidate like it, and a guarded champion", async () => {
    const h = await guardHarness(pinnedRoute({ minCalls: 100 }, { rollbackTo: 'prev' }));
    const random = prng(7);
    h.script.champ = () => ({ fail: random() < 0.03 });
    h.script.cand = () => ({ fail: random() < 0.03 });
    for (let i = 0; i < 5000; i++) {
      await h.call('h');
      await h.call('c');
      h.clock.advance(10);
    }
    expect(h.trips).toEqual([]);
  });

  it('evicts after idle gaps of any length: an hour-old burst of errors counts for nothing', async () => {
    const h = await guardHarness(pinnedRoute({ minCalls: 50, windowMs: 60_000 }));
    h.script.cand = (n) => ({ fail: n <= 40 });
    for (let i = 0; i < 40; i++) await h.call('c');
    expect(h.router.guardStatus().find((s) => s.variant === 'cand')!.window).toMatchObject({ calls: 40, errors: 40 });
    h.clock.advance(3_600_000);
    expect(h.router.guardStatus().find((s) => s.variant === 'cand')!.window).toMatchObject({ calls: 0, errors: 0 });
    expect(await callsUntilTrip(h, 'c', 200)).toBe(0);
    // A gap just over one window also empties it; a gap of half a window keeps the calls.
    h.script.cand = () => ({ fail: true });
    for (let i = 0; i < 10; i++) await h.call('c');
    h.clock.advance(30_000);
    expect(h.router.guardStatus().find((s) => s.variant === 'cand')!.window.errors).toBe(10);
    h.clock.advance(31_000);
    expect(h.router.guardStatus().find((s) => s.variant === 'cand')!.window.errors).toBe(0);
  });

  it('does not guard the champion without rollbackTo, nor rollbackTo ever', async () => {
    const h = await guardHarness(pinnedRoute({ minCalls: 10 }));
    h.script.champ = () => ({ fail: true });
    for (let i = 0; i < 50; i++) await h.call('h').catch(() => {});
    expect(h.trips).toEqual([]);
    expect(h.router.guardStatus().find((s) => s.variant === 'champ')).toMatchObject({
      guarded: false,
      state: 'closed',
    });
  });
});
