import type { RouterOptions } from './options.js';
import type { Router } from './router.js';

/**
 * Creates a router for one route and waits (up to `readyTimeoutMs`) for the source's first document.
 * If none arrives in time, or it is invalid, the router answers with `fallback` until a good one does.
 * Rejects with a `ModelrouteError`: `invalid_options` for mistakes in the options, `source_failed` for a
 * source that breaks its contract (its `subscribe` throws or returns no subscription, or its `ready` rejects).
 */
export async function createRouter<I, O, M extends string = string>(
  options: RouterOptions<I, O, M>,
): Promise<Router<I, O, M>> {
  // The router's code (router, guard, shadow, telemetry, experiments, review, gate: most of the package)
  // is loaded by the first call, not by `import '@modelroute/core'`: an application pays for compiling it
  // when it creates a router, and a process that only imports a helper never does (bench/footprint.bench.mjs).
  const { createRouter: create } = await import('./create-router.js');
  return create(options);
}
