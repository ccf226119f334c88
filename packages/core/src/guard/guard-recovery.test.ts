import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TripEvent } from './guard-events.js';
import { guardHarness, pinnedRoute, type GuardHarness } from './guard.test-support.js';

async function tripCandidate(h: GuardHarness): Promise<void> {
  h.script.cand = () => ({ fail: true });
  const before = h.trips.length;
  while (h.trips.length === before) await h.call('c');
  h.script.cand = () => ({});
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('guard recovery', () => {
  it('manual: stays out until router.reset(variant), which emits recovered and starts a fresh window', async () => {
    const h = await guardHarness(pinnedRoute({ minCalls: 10 }));
    await tripCandidate(h);
    h.clock.advance(10 * 60_000);
    expect(h.router.decide('c')).toMatchObject({ variant: 'champ', reason: 'guard' });
    expect(h.router.reset('champ')).toBe(false);
    expect(h.router.reset('cand')).toBe(true);
    expect(h.recovered).toEqual([expect.objectContaining({ variant: 'cand', how: 'manual' })]);
    expect(await h.call('c')).toMatchObject({ variant: 'cand', reason: 'override' });
    expect(h.router.guardStatus().find((s) => s.variant === 'cand')).toMatchObject({
      state: 'closed',
      window: { calls: 1, errors: 0 },
    });
    expect(() => h.router.reset('nope')).toThrow(/not one of this router's models/);
  });

  it('half-open: after cooldownMs, probeCalls probes go to the variant; all pass, and it is back', async () => {
    const h = await guardHarness(
      pinnedRoute({ minCalls: 10, recovery: 'half-open', cooldownMs: 30_000, probeCalls: 3 }),
    );
    await tripCandidate(h);
    h.clock.advance(29_000);
    expect((await h.call('c')).variant).toBe('champ');
    h.clock.advance(1_000);
    expect(h.router.guardStatus().find((s) => s.variant === 'cand')!.state).toBe('half-open');
    for (let i = 0; i < 3; i++) expect(await h.call('c')).toMatchObject({ variant: 'cand' });
    expect(h.recovered).toEqual([expect.objectContaining({ variant: 'cand', how: 'half-open' })]);
    expect(h.metricCalls).toContainEqual(['guardState', 'cand', 'half_open']);
    expect(h.metricCalls.at(-1)).not.toEqual(['guardState', 'cand', 'open']);
    expect(h.router.guardStatus().find((s) => s.variant === 'cand')!.state).toBe('closed');
  });

  it('half-open: admits at most probeCalls probes in flight; the rest still go to the champion', async () => {
    const h = await guardHarness(pinnedRoute({ minCalls: 10, recovery: 'half-open', cooldownMs: 1000, probeCalls: 2 }));
    await tripCandidate(h);
    h.clock.advance(1000);
    h.script.cand = () => ({ hang: true });
    const probes = [h.router.predictDetailed(1, { unit: 'c' }), h.router.predictDetailed(1, { unit: 'c' })];
    expect((await h.call('c')).variant).toBe('champ');
    for (const hung of h.hung) hung.resolve('ok');
    expect((await Promise.all(probes)).map((p) => p.decision.variant)).toEqual(['cand', 'cand']);
    expect(h.recovered).toHaveLength(1);
  });

  it('half-open: a failing probe takes the variant out again for another cool-down', async () => {
    const h = await guardHarness(
      pinnedRoute({ minCalls: 10, recovery: 'half-open', cooldownMs: 1000, probeCalls: 3, p99LatencyMs: 100 }),
    );
    await tripCandidate(h);
    h.clock.advance(1000);
    h.script.cand = (n) => ({ ms: n % 2 === 0 ? 150 : 10 });
    await h.call('c');
    await h.call('c');
    expect(h.trips.at(-1)).toMatchObject({ variant: 'cand', phase: 'probe', trigger: 'p99_latency', value: 150 });
    expect((await h.call('c')).variant).toBe('champ');
    h.clock.advance(1000);
    expect((await h.call('c')).variant).toBe('cand');
  });

  it('the champion trips to rollbackTo, and candidates then go there too', async () => {
    const h = await guardHarness(
      pinnedRoute({ minCalls: 10, minErrorRate: 0.01, baselineErrorRate: 0.01 }, { rollbackTo: 'prev' }),
    );
    h.script.champ = () => ({ fail: true });
    while (h.trips.length === 0) await h.call('h');
    expect(h.trips[0]).toMatchObject({
      variant: 'champ',
      target: 'prev',
      trigger: 'error_rate',
      baseline: { variant: undefined, errorRate: 0.01 },
    });
    expect(await h.call('h')).toMatchObject({ variant: 'prev', reason: 'guard' });
    await tripCandidate(h);
    expect(h.trips.at(-1)).toMatchObject({ variant: 'cand', target: 'prev' });
    expect(await h.call('c')).toMatchObject({ variant: 'prev', reason: 'guard' });
    // rollbackTo is the last resort: it never trips.
    h.script.prev = () => ({ fail: true });
    for (let i = 0; i < 50; i++) await h.call('p');
    expect(h.trips.filter((t) => t.variant === 'prev')).toEqual([]);
  });

  it('calls onTrip with the event; a throwing or rejecting hook only warns', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const seen: TripEvent[] = [];
    const h = await guardHarness(pinnedRoute({ minCalls: 10 }), {
      onTrip: (e) => {
        seen.push(e);
        throw new Error('control plane down');
      },
    });
    await tripCandidate(h);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([h.trips[0]]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /onTrip hook of route "r" failed for variant "cand".*control plane down/,
    );
    const h2 = await guardHarness(pinnedRoute({ minCalls: 10 }), {
      onTrip: async () => {
        throw new Error('async down');
      },
    });
    await tripCandidate(h2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(String(warn.mock.calls[1]?.[0])).toMatch(/async down/);
  });

  it('runs onTrip after the tripping call has resolved: a hook that works synchronously holds up no caller', async () => {
    const order: string[] = [];
    const h = await guardHarness(pinnedRoute({ minCalls: 10 }), {
      onTrip: async (e) => {
        order.push(`hook ${e.variant}`); // synchronous work before the first await: still off the call path
        await Promise.resolve();
      },
    });
    h.router.on('trip', () => order.push('trip event'));
    h.script.cand = () => ({ fail: true });
    while (h.trips.length === 0) {
      const pending = h.call('c');
      void pending.then(() => order.push('call resolved'));
      await pending;
      await Promise.resolve(); // the caller's continuation, and its own next steps
    }
    expect(order.at(-1)).toBe('call resolved');
    expect(order.filter((o) => o !== 'call resolved')).toEqual(['trip event']); // the event itself is synchronous
    await new Promise((resolve) => setImmediate(resolve));
    expect(order.at(-1)).toBe('hook cand');
    expect(order.filter((o) => o === 'hook cand')).toHaveLength(1);
  });

  it('a document without a guard keeps no guard state and never redirects', async () => {
    const h = await guardHarness({ champion: 'champ', weights: { champ: 50, cand: 50 }, overrides: { c: 'cand' } });
    h.script.cand = () => ({ fail: true });
    for (let i = 0; i < 200; i++) await h.call('c');
    expect(h.router.guardStatus()).toEqual([]);
    expect(h.trips).toEqual([]);
  });
});
