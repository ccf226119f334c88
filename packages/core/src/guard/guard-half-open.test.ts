import { describe, expect, it } from 'vitest';
import { guardHarness, pinnedRoute, type GuardHarness } from './guard.test-support.js';

async function tripCandidate(h: GuardHarness): Promise<void> {
  const before = h.trips.length;
  const script = h.script.cand;
  h.script.cand = () => ({ fail: true });
  while (h.trips.length === before) await h.call('c');
  h.script.cand = script ?? (() => ({}));
}

const state = (h: GuardHarness, variant: string) => h.router.guardStatus().find((s) => s.variant === variant)!.state;

describe('guard half-open probes', () => {
  it('a hung probe does not keep the variant half-open forever: after cooldownMs without progress a fresh round starts', async () => {
    const h = await guardHarness(pinnedRoute({ minCalls: 10, recovery: 'half-open', cooldownMs: 1000, probeCalls: 2 }));
    await tripCandidate(h);
    h.clock.advance(1000);
    let n = 0;
    h.script.cand = () => (++n === 1 ? { hang: true } : {});
    const hungProbe = h.router.predictDetailed(1, { unit: 'c' });
    expect(await h.call('c')).toMatchObject({ variant: 'cand' }); // the second probe passes
    // Both probes of the round admitted, one still out: the rest go to the champion for now.
    expect(await h.call('c')).toMatchObject({ variant: 'champ', reason: 'guard' });
    expect(state(h, 'cand')).toBe('half-open');
    // The last probe settled at S; the two champion calls take 10 ms each: this one is decided at S + 990.
    h.clock.advance(980);
    expect(await h.call('c')).toMatchObject({ variant: 'champ', reason: 'guard' });
    // No probe admitted or settled for cooldownMs: a fresh round of probeCalls probes.
    expect(await h.call('c')).toMatchObject({ variant: 'cand' });
    expect(h.recovered).toEqual([]);
    expect(await h.call('c')).toMatchObject({ variant: 'cand' });
    expect(h.recovered).toEqual([expect.objectContaining({ variant: 'cand', how: 'half-open' })]);
    // The abandoned probe's late answer changes nothing.
    h.hung[0]!.resolve('late');
    expect((await hungProbe).decision.variant).toBe('cand');
    expect(h.recovered).toHaveLength(1);
    expect(state(h, 'cand')).toBe('closed');
  });

  it('a late failure of an abandoned probe still trips the variant again', async () => {
    const h = await guardHarness(pinnedRoute({ minCalls: 10, recovery: 'half-open', cooldownMs: 1000, probeCalls: 1 }));
    await tripCandidate(h);
    h.clock.advance(1000);
    h.script.cand = () => ({ hang: true });
    const first = h.router.predict(1, { unit: 'c' }).catch((e: unknown) => e);
    h.clock.advance(1000);
    const second = h.router.predict(1, { unit: 'c' }).catch((e: unknown) => e);
    expect(h.hung).toHaveLength(2);
    h.hung[0]!.reject(new Error('gave up'));
    await first;
    expect(h.trips.at(-1)).toMatchObject({ variant: 'cand', phase: 'probe', trigger: 'error_rate' });
    expect(state(h, 'cand')).toBe('open');
    h.hung[1]!.resolve('ok');
    await second;
    expect(h.recovered).toEqual([]);
  });

  it('a call started before the trip that finishes during half-open is not a probe', async () => {
    const h = await guardHarness(pinnedRoute({ minCalls: 10, recovery: 'half-open', cooldownMs: 1000, probeCalls: 2 }));
    h.script.cand = (n) => (n === 1 ? { hang: true } : {});
    const stale = h.router.predict(1, { unit: 'c' });
    await tripCandidate(h);
    h.clock.advance(1000);
    expect(await h.call('c')).toMatchObject({ variant: 'cand' }); // probe 1 of 2 passes
    h.hung[0]!.resolve('from before the trip');
    await stale;
    expect(h.recovered).toEqual([]);
    expect(state(h, 'cand')).toBe('half-open');
    expect(await h.call('c')).toMatchObject({ variant: 'cand' }); // probe 2 of 2
    expect(h.recovered).toHaveLength(1);
  });

  it('a stale failure during half-open does not trip the variant again', async () => {
    const h = await guardHarness(pinnedRoute({ minCalls: 10, recovery: 'half-open', cooldownMs: 1000, probeCalls: 2 }));
    h.script.cand = (n) => (n === 1 ? { hang: true } : {});
    const stale = h.router.predict(1, { unit: 'c' }).catch((e: unknown) => e);
    await tripCandidate(h);
    h.clock.advance(1000);
    expect(await h.call('c')).toMatchObject({ variant: 'cand' });
    h.hung[0]!.reject(new Error('from before the trip'));
    await stale;
    expect(h.trips).toHaveLength(1);
    expect(await h.call('c')).toMatchObject({ variant: 'cand' });
    expect(h.recovered).toHaveLength(1);
  });

  it('router.decide() records nothing: it neither moves a cooled-down variant to half-open nor uses a probe', async () => {
    const h = await guardHarness(pinnedRoute({ minCalls: 10, recovery: 'half-open', cooldownMs: 1000, probeCalls: 1 }));
    await tripCandidate(h);
    h.clock.advance(1000);
    const gaugeCalls = () => h.metricCalls.filter((c) => c[0] === 'guardState' && c[1] === 'cand').map((c) => c[2]);
    const before = gaugeCalls();
    for (let i = 0; i < 5; i++) expect(h.router.decide('c')).toMatchObject({ variant: 'cand', reason: 'override' });
    expect(h.router.guardStatus().find((s) => s.variant === 'cand')!.state).toBe('half-open');
    expect(gaugeCalls()).toEqual(before);
    // The one probe is still there for a real call, and the first real probe sets the gauge.
    expect(await h.call('c')).toMatchObject({ variant: 'cand' });
    expect(gaugeCalls().slice(before.length)).toEqual(['half_open', 'closed']);
    expect(h.recovered).toHaveLength(1);
  });
});
