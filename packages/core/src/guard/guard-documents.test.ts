import { describe, expect, it } from 'vitest';
import { guardHarness, pinnedRoute, type GuardHarness } from './guard.test-support.js';

async function tripCandidate(h: GuardHarness): Promise<void> {
  h.script.cand = () => ({ fail: true });
  const before = h.trips.length;
  while (h.trips.length === before) await h.call('c');
  h.script.cand = () => ({});
}

const status = (h: GuardHarness, variant: string) => h.router.guardStatus().find((s) => s.variant === variant);
const closedGauges = (h: GuardHarness) =>
  h.metricCalls.filter((c) => c[0] === 'guardState' && c[2] === 'closed').map((c) => c[1]);

describe('guard across document versions', () => {
  it('keeps a trip when the new document has the same champion and guard: one more override does not put the variant back', async () => {
    const route = pinnedRoute({ minCalls: 10 });
    const h = await guardHarness(route);
    await tripCandidate(h);
    const trippedAt = status(h, 'cand')!.trippedAt;
    h.setRoute({ ...route, version: 'v2', overrides: { ...route.overrides, qa: 'cand' } });
    expect(h.router.configVersion).toBe('v2');
    expect(status(h, 'cand')).toMatchObject({
      state: 'open',
      trigger: 'error_rate',
      trippedAt,
      window: { calls: 0, errors: 0 },
    });
    expect(await h.call('c')).toMatchObject({ variant: 'champ', reason: 'guard' });
    expect(h.router.decide('c')).toMatchObject({
      variant: 'champ',
      reason: 'guard',
      assigned: 'cand',
      configVersion: 'v2',
    });
    expect(await h.call('qa')).toMatchObject({ variant: 'champ', reason: 'guard' });
    expect(closedGauges(h)).toEqual([]);
    // Coming back stays explicit.
    expect(h.router.reset('cand')).toBe(true);
    expect(await h.call('c')).toMatchObject({ variant: 'cand', reason: 'override' });
  });

  it('keeps the cool-down running across documents: half-open probes start cooldownMs after the trip, not after the change', async () => {
    const route = pinnedRoute({ minCalls: 10, recovery: 'half-open', cooldownMs: 1000, probeCalls: 1 });
    const h = await guardHarness(route);
    await tripCandidate(h);
    h.clock.advance(600);
    h.setRoute({ ...route, version: 'v2', weights: { champ: 60, cand: 40 } });
    expect((await h.call('c')).variant).toBe('champ');
    h.clock.advance(390); // 1000 ms after the trip (the champion call took 10)
    expect(await h.call('c')).toMatchObject({ variant: 'cand' });
    expect(h.recovered).toEqual([expect.objectContaining({ variant: 'cand', how: 'half-open', configVersion: 'v2' })]);
  });

  it('starts afresh when the guard config changes', async () => {
    const route = pinnedRoute({ minCalls: 10 });
    const h = await guardHarness(route);
    await tripCandidate(h);
    h.setRoute({ ...route, version: 'v2', guard: { minCalls: 11 } });
    expect(h.router.guardStatus().every((s) => s.state === 'closed' && s.window.calls === 0)).toBe(true);
    expect(await h.call('c')).toMatchObject({ variant: 'cand', reason: 'override' });
    expect(closedGauges(h)).toEqual(['cand']);
  });

  it('a guard config equal after defaults counts as unchanged', async () => {
    const route = pinnedRoute({ minCalls: 10 });
    const h = await guardHarness(route);
    await tripCandidate(h);
    h.setRoute({ ...route, version: 'v2', guard: { minCalls: 10, errorRateRatio: 5, recovery: 'manual' } });
    expect(status(h, 'cand')!.state).toBe('open');
  });

  it('starts afresh when the champion changes', async () => {
    const route = pinnedRoute({ minCalls: 10 });
    const h = await guardHarness(route);
    await tripCandidate(h);
    h.setRoute({ ...route, version: 'v2', champion: 'other', weights: { other: 50, cand: 50 } });
    expect(status(h, 'cand')!.state).toBe('closed');
    expect(await h.call('c')).toMatchObject({ variant: 'cand', reason: 'override' });
    expect(closedGauges(h)).toEqual(['cand']);
  });

  it('forgets a variant that leaves the document: it comes back closed later', async () => {
    const route = pinnedRoute({ minCalls: 10 });
    const h = await guardHarness(route);
    await tripCandidate(h);
    h.setRoute({ ...route, version: 'v2', weights: { champ: 100 }, overrides: { h: 'champ' } });
    expect(status(h, 'cand')).toBeUndefined();
    expect(closedGauges(h)).toEqual(['cand']);
    h.setRoute({ ...route, version: 'v3' });
    expect(status(h, 'cand')!.state).toBe('closed');
    expect(await h.call('c')).toMatchObject({ variant: 'cand', reason: 'override' });
  });

  it('a document without guard drops the guard, and one with it again starts closed', async () => {
    const route = pinnedRoute({ minCalls: 10 });
    const h = await guardHarness(route);
    await tripCandidate(h);
    h.setRoute({ ...route, version: 'v2', guard: undefined });
    expect(h.router.guardStatus()).toEqual([]);
    h.setRoute({ ...route, version: 'v3' });
    expect(status(h, 'cand')!.state).toBe('closed');
  });
});
