// Test support: a champion-challenger route with a gate, and seeded days of traffic through a real router
// on a manual clock (the challenger converts at 16% against the champion's 10%).
import { createRouter, fileSource, type GateConfig, type Router } from '@modelroute/core';
import { manualClock, type ManualClock } from '@modelroute/core/testing';

export const DAY = 86_400_000;
const CALLS = 3000;
const RATE: Record<string, number> = { champ: 0.1, chal: 0.16 };

export const gatedRoute = (gate: GateConfig) => ({
  champion: 'champ',
  weights: { champ: 90, chal: 10 },
  experiment: {
    metrics: [{ name: 'converted', kind: 'proportion', direction: 'increase', mde: 0.1, role: 'primary' }],
  },
  gate,
});

/** mulberry32: the same uniforms on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A router of the `offers` route of rollout file `file` ({@link gatedRoute}), on a manual clock at 0. */
export async function gatedRouter(file: string): Promise<{ router: Router<number, number>; clock: ManualClock }> {
  const clock = manualClock(0);
  const router = await createRouter<number, number>({
    route: 'offers',
    models: { champ: (x) => x, chal: (x) => x + 1 },
    source: fileSource(file),
    fallback: 'champ',
    clock,
  });
  return { router, clock };
}

/** One simulated day of calls, each outcome tracked with its decision. */
export async function trafficDay(
  router: Router<number, number>,
  clock: ManualClock,
  random: () => number,
  day: number,
): Promise<void> {
  for (let i = 0; i < CALLS; i++) {
    const { decision } = await router.predictDetailed(i, { unit: `u${day}-${i}` });
    router.track('converted', random() < RATE[decision.assigned]! ? 1 : 0, { decision });
    clock.advance(DAY / CALLS);
  }
}
