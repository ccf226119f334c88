import { processWarning } from '../vocabulary/warning.js';
import { loadHasher, type Hash32 } from '../assignment/hasher.js';
import { manualClock, type ManualClock } from '../clock/manual-clock.js';
import type { Decision } from '../vocabulary/decision.js';
import type { Model } from '../vocabulary/model.js';
import { compileRoute, type RouteSnapshot } from '../vocabulary/route-snapshot.js';
import type { ShadowTarget } from '../rollout/schema.js';
import { noopMetrics, type RouterMetrics } from '../vocabulary/router-metrics.js';
import { manualShadowScheduler, type ManualShadowScheduler } from './manual-scheduler.js';
import type { ShadowOptions } from './shadow-options.js';
import { ShadowRunner } from './shadow-runner.js';

/** Every metrics call, as a line like `prediction v5 shadow ok` or `dropped v5 capacity`, plus counts. */
export class RecordingMetrics implements RouterMetrics {
  readonly events: string[] = [];
  readonly differences: number[] = [];
  readonly counts = new Map<string, number>();
  private note(line: string): void {
    this.events.push(line);
    this.counts.set(line, (this.counts.get(line) ?? 0) + 1);
  }
  count(line: string): number {
    return this.counts.get(line) ?? 0;
  }
  prediction(variant: string, role: string, outcome: string): void {
    this.note(`prediction ${variant} ${role} ${outcome}`);
  }
  decision = noopMetrics.decision;
  documentApplied = noopMetrics.documentApplied;
  documentRejected = noopMetrics.documentRejected;
  guardTrip = noopMetrics.guardTrip;
  shadowDropped(model: string, reason: string): void {
    this.note(`dropped ${model} ${reason}`);
  }
  shadowCompared(model: string, result: string, difference?: number): void {
    this.note(`compared ${model} ${result}`);
    if (difference !== undefined) this.differences.push(difference);
  }
}

/** A promise with its resolve and reject outside. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface RunnerFixture<O> {
  runner: ShadowRunner<number, O>;
  metrics: RecordingMetrics;
  clock: ManualClock;
  scheduler: ManualShadowScheduler;
  snapshot: RouteSnapshot;
  hash: Hash32;
  /** A decision for a call answered by `variant` (default the champion, v3). */
  decision(variant?: string): Decision;
}

/** A runner over models v3 (champion) and the given shadows, on a manual clock and scheduler. */
export async function runnerFixture<O>(
  models: Record<string, Model<number, O>>,
  shadow: ShadowTarget[],
  options: ShadowOptions<number, O> = {},
  salt?: string,
): Promise<RunnerFixture<O>> {
  const hash = await loadHasher();
  const clock = manualClock();
  const scheduler = manualShadowScheduler(clock);
  const metrics = new RecordingMetrics();
  const snapshot = compileRoute(hash, 'fraud', {
    champion: 'v3',
    weights: { v3: 100 },
    shadow,
    ...(salt === undefined ? {} : { salt }),
  });
  const runner = new ShadowRunner<number, O>({
    route: 'fraud',
    models,
    isValid: (o) => o !== null && o !== undefined,
    clock,
    hash,
    metrics: () => metrics,
    options: { scheduler, ...options },
    onWarning: processWarning,
  });
  const decision = (variant = 'v3'): Decision => ({
    route: 'fraud',
    variant,
    reason: 'weighted',
    assigned: variant,
    champion: 'v3',
    sticky: true,
    shares: snapshot.shares,
    configVersion: snapshot.version,
  });
  return { runner, metrics, clock, scheduler, snapshot, hash, decision };
}
