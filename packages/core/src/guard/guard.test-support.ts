// A router wired for guard tests: a manual clock, a manual timer, recorded metrics and events, and
// models whose behaviour each test scripts call by call. Sync models advance the manual clock by
// their latency, so the router measures exactly that latency without any sleep.
import { loadHasher } from '../assignment/hasher.js';
import { manualClock, type ManualClock } from '../clock/manual-clock.js';
import { RouterCore } from '../router/router-core.js';
import { START } from '../router/router-control.js';
import { defaultIsValid } from '../router/options.js';
import type { RouteDocument } from '../rollout/schema.js';
import { manualShadowScheduler, type ManualShadowScheduler } from '../shadow/manual-scheduler.js';
import { memorySource, type MemorySource } from '../sources/memory-source.js';
import { noopMetrics, type RouterMetrics } from '../vocabulary/router-metrics.js';
import type { RecoveredEvent, TripEvent } from './guard-events.js';
import type { TripHook } from './notify-trip.js';

/** What a scripted model does on one call: answer `value` after `ms`, throw, or hang until released. */
export type Behaviour = { ms?: number; value?: unknown; fail?: boolean; hang?: boolean };

export interface GuardHarness {
  router: RouterCore<number, unknown>;
  clock: ManualClock;
  timer: ManualShadowScheduler;
  source: MemorySource;
  trips: TripEvent[];
  recovered: RecoveredEvent[];
  metricCalls: unknown[][];
  /** Per model: the behaviour of its next calls (default: ok after 10 ms). */
  script: Record<string, (call: number) => Behaviour>;
  /** Calls made per model. */
  calls: Record<string, number>;
  /** Hung calls: settle them by hand. */
  hung: Array<{ model: string; resolve: (v: unknown) => void; reject: (e: unknown) => void }>;
  /** Sets the route document (a new version starts the guard's windows afresh; trips may carry over). */
  setRoute(route: RouteDocument): void;
  /** One call for `unit` (overrides pin units to models in these tests); a model's error is returned as `error`. */
  call(unit: string): Promise<{ variant?: string; reason?: string; output?: unknown; error?: unknown }>;
}

export const MODELS = ['champ', 'cand', 'prev', 'other'] as const;

export async function guardHarness(route: RouteDocument, options: { onTrip?: TripHook } = {}): Promise<GuardHarness> {
  const clock = manualClock(1_000_000);
  const timer = manualShadowScheduler(clock);
  const metricCalls: unknown[][] = [];
  const metrics = new Proxy(noopMetrics, {
    get:
      (target, key: string) =>
      (...args: unknown[]) => {
        metricCalls.push([key, ...args]);
        return (target as unknown as Record<string, (...a: unknown[]) => unknown>)[key]?.(...args);
      },
  }) as RouterMetrics;
  const h = {
    clock,
    timer,
    metricCalls,
    trips: [],
    recovered: [],
    script: {},
    calls: {},
    hung: [],
  } as unknown as GuardHarness;
  const model = (name: string) => (x: number) => {
    const n = (h.calls[name] = (h.calls[name] ?? 0) + 1);
    const b = h.script[name]?.(n) ?? {};
    if (b.hang) return new Promise((resolve, reject) => h.hung.push({ model: name, resolve, reject }));
    clock.advance(b.ms ?? 10);
    if (b.fail) throw new Error(`${name} failed on call ${n}`);
    return 'value' in b ? b.value : `${name}:${x}`;
  };
  h.source = memorySource({ routes: { r: route } });
  h.router = new RouterCore<number, unknown>({
    route: 'r',
    models: Object.fromEntries(MODELS.map((m) => [m, model(m)])),
    source: h.source,
    fallback: 'champ',
    isValid: defaultIsValid,
    clock,
    hash: await loadHasher(),
    metrics,
    onTrip: options.onTrip,
    guardTimer: timer,
  });
  await h.router[START]();
  h.router.on('trip', (e) => h.trips.push(e));
  h.router.on('recovered', (e) => h.recovered.push(e));
  h.setRoute = (r) => h.source.set({ routes: { r } });
  h.call = async (unit) => {
    try {
      const { output, decision } = await h.router.predictDetailed(1, { unit });
      return { variant: decision.variant, reason: decision.reason, output };
    } catch (error) {
      return { error };
    }
  };
  return h;
}

/** A route where unit "c" is pinned to the candidate and "h" to the champion. */
export function pinnedRoute(guard: RouteDocument['guard'], extra: Partial<RouteDocument> = {}): RouteDocument {
  return {
    champion: 'champ',
    weights: { champ: 50, cand: 50 },
    overrides: { c: 'cand', h: 'champ', p: 'prev' },
    guard,
    ...extra,
  };
}

/** A seeded PRNG (mulberry32), for reproducible random behaviour. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
