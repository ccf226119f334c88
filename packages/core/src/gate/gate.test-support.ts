// Test support for the promotion gate: a champion-challenger router on a manual clock, fed with seeded days.
import type { MeterProvider } from '@opentelemetry/api';
import { manualClock, type ManualClock } from '../clock/manual-clock.js';
import { seeded } from '../experiment/experiment.test-support.js';
import type { ExperimentConfig } from '../rollout/experiment-schema.js';
import type { GateConfig } from '../rollout/gate-schema.js';
import { createRouter } from '../router/create-router.js';
import type { Router } from '../router/router.js';
import { memorySource, type MemorySource } from '../sources/memory-source.js';
import type { ModelMetadata } from '../vocabulary/model-metadata.js';

export const DAY = 86_400_000;

export const kpis: ExperimentConfig = {
  metrics: [
    { name: 'converted', kind: 'proportion', direction: 'increase', mde: 0.1, role: 'primary' },
    { name: 'latency', kind: 'mean', direction: 'decrease', mde: 0.2, role: 'guardrail' },
  ],
};

export const championChallengerDoc = (gate: GateConfig = { minDays: 3 }) => ({
  champion: 'champ',
  weights: { champ: 90, chal: 10 },
  experiment: kpis,
  gate,
});

export interface GateRig {
  router: Router<number, number>;
  source: MemorySource;
  clock: ManualClock;
}

export async function gateRouter(
  gate?: GateConfig,
  meterProvider?: MeterProvider,
  registry?: readonly ModelMetadata[],
): Promise<GateRig> {
  const clock = manualClock();
  const source = memorySource({ routes: { offers: championChallengerDoc(gate) } });
  const router = await createRouter<number, number>({
    route: 'offers',
    models: { champ: (x) => x, chal: (x) => x + 1 },
    source,
    fallback: 'champ',
    clock,
    meterProvider,
    registry,
  });
  return { router, source, clock };
}

/** How a variant behaves on one day: conversion rate and mean latency (sd 10). */
export type Behaviour = Readonly<Record<string, { rate: number; latency: number }>>;

/** One simulated day: `calls` calls, evenly spread, each tracked with its decision (seeded outcomes). */
export async function simulateDay(rig: GateRig, behaviour: Behaviour, calls: number, seed: number): Promise<void> {
  const random = seeded(seed);
  const step = DAY / calls;
  for (let i = 0; i < calls; i++) {
    const { decision } = await rig.router.predictDetailed(i, { unit: `u${seed}-${i}` });
    const b = behaviour[decision.assigned]!;
    rig.router.track('converted', random() < b.rate ? 1 : 0, { decision });
    // Normal via Box-Muller, sd 10.
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    rig.router.track('latency', b.latency + 10 * z, { decision });
    rig.clock.advance(step);
  }
}
