// Test support for experiments: a seeded PRNG and a router with an experiment on a manual clock.
import { manualClock, type ManualClock } from '../clock/manual-clock.js';
import type { ExperimentConfig } from '../rollout/experiment-schema.js';
import { createRouter } from '../router/create-router.js';
import type { Router } from '../router/router.js';
import { memorySource, type MemorySource } from '../sources/memory-source.js';
import type { ExperimentOptions } from './experiment-options.js';

/** mulberry32: uniforms in [0, 1) from a 32-bit seed (the guard tests' generator). */
export { prng as seeded } from '../guard/guard.test-support.js';

export const conversion: ExperimentConfig = {
  metrics: [
    { name: 'converted', kind: 'proportion', direction: 'increase', mde: 0.2, role: 'primary' },
    { name: 'revenue', kind: 'mean', direction: 'increase', mde: 0.1, role: 'guardrail' },
  ],
};

export const routeDoc = (weights: Record<string, number>, experiment: ExperimentConfig | null = conversion) => ({
  champion: 'a',
  weights,
  ...(experiment === null ? {} : { experiment }),
});

export interface ExperimentRig {
  router: Router<number, number>;
  source: MemorySource;
  clock: ManualClock;
}

/** A router of route "checkout" with models a, b (and c) and the document from {@link routeDoc}. */
export async function experimentRouter(
  weights: Record<string, number> = { a: 50, b: 50 },
  options: {
    experiment?: ExperimentOptions;
    config?: ExperimentConfig | null;
    clock?: ManualClock;
    pseudonymKey?: string;
  } = {},
): Promise<ExperimentRig> {
  const clock = options.clock ?? manualClock();
  const source = memorySource({ routes: { checkout: routeDoc(weights, options.config) } });
  const router = await createRouter<number, number>({
    route: 'checkout',
    models: { a: (x) => x, b: (x) => x + 1, c: (x) => x + 2 },
    source,
    fallback: 'a',
    clock,
    experiment: options.experiment,
    pseudonymKey: options.pseudonymKey,
  });
  return { router, source, clock };
}
