import type { Summary } from '@modelroute/stats';
import { MetricSummary } from '../experiment/metric-summary.js';
import type { ExperimentConfig } from '../rollout/experiment-schema.js';
import type { GateConfig } from '../rollout/gate-schema.js';

/** Buckets in the gate's rolling window when the document's `gate.window` gives none. */
export const DEFAULT_WINDOW = { buckets: 7, bucketMs: 86_400_000 } as const;

/** One time bucket of the window: per metric, per variant, the summary of the outcomes attributed in it. */
export interface WindowBucket {
  /** Start of the bucket on the router's clock (a multiple of `bucketMs`). */
  readonly start: number;
  readonly summaries: Readonly<Record<string, Readonly<Record<string, Summary>>>>;
}

/** What the gate reads: the buckets of the rolling window, oldest first (buckets without outcomes left out). */
export interface WindowFigures {
  readonly route: string;
  readonly champion: string;
  readonly bucketMs: number;
  /** How many buckets the window holds. */
  readonly size: number;
  readonly buckets: readonly WindowBucket[];
}

interface Bucket {
  index: number;
  /** [metric][variant], made on the first outcome. */
  cells: (MetricSummary | undefined)[][];
}

/**
 * The gate's rolling window of one route: a ring of `buckets` time buckets of `bucketMs` on the router's
 * clock, each holding a mergeable {@link MetricSummary} per metric × variant of the outcomes attributed in
 * it. Adding is two map lookups and a summary update; a bucket is reused when the ring comes round. It
 * restarts (empty) when the champion, the metrics or the window's shape change.
 */
export class KpiWindow {
  private ring: Bucket[] = [];
  private bucketMs: number = DEFAULT_WINDOW.bucketMs;
  private champion = '';
  private metrics: ExperimentConfig['metrics'] = [];
  private key = '';
  private readonly metricIndex = new Map<string, number>();
  private readonly variantIndex = new Map<string, number>();
  private readonly variants: string[] = [];

  constructor(readonly route: string) {}

  /** A document was applied: keeps the window when champion, metrics and window shape are the same. Returns bucketMs. */
  prepare(champion: string, experiment: ExperimentConfig, gate: GateConfig): number {
    const size = gate.window?.buckets ?? DEFAULT_WINDOW.buckets;
    const bucketMs = gate.window?.bucketMs ?? DEFAULT_WINDOW.bucketMs;
    const key = JSON.stringify([champion, size, bucketMs, experiment.metrics.map((m) => [m.name, m.kind])]);
    this.metrics = experiment.metrics;
    if (key === this.key) return bucketMs;
    this.key = key;
    this.champion = champion;
    this.bucketMs = bucketMs;
    this.ring = Array.from({ length: size }, () => ({ index: -1, cells: [] }));
    this.metricIndex.clear();
    experiment.metrics.forEach((m, i) => this.metricIndex.set(m.name, i));
    this.variantIndex.clear();
    this.variants.length = 0;
    return bucketMs;
  }

  /** Adds one attributed outcome at `now` (router clock). Unknown metrics are ignored. */
  add(metric: string, variant: string, value: number, now: number): void {
    const m = this.metricIndex.get(metric);
    if (m === undefined || this.ring.length === 0) return;
    let v = this.variantIndex.get(variant);
    if (v === undefined) {
      v = this.variants.push(variant) - 1;
      this.variantIndex.set(variant, v);
    }
    const index = Math.floor(now / this.bucketMs);
    const bucket = this.ring[index % this.ring.length]!;
    if (bucket.index !== index) {
      bucket.index = index;
      bucket.cells = [];
    }
    const row = (bucket.cells[m] ??= []);
    (row[v] ??= new MetricSummary()).add(value);
  }

  /** The buckets still in the window at `now`, oldest first. */
  figures(now: number): WindowFigures {
    const current = Math.floor(now / this.bucketMs);
    const buckets = this.ring
      .filter((b) => b.index >= 0 && b.index <= current && b.index > current - this.ring.length)
      .sort((a, b) => a.index - b.index)
      .map((b): WindowBucket => {
        const summaries: Record<string, Record<string, Summary>> = {};
        this.metrics.forEach((metric, m) => {
          const of: Record<string, Summary> = {};
          b.cells[m]?.forEach((cell, v) => {
            if (cell !== undefined) of[this.variants[v]!] = cell.summary(metric.kind);
          });
          summaries[metric.name] = of;
        });
        return { start: b.index * this.bucketMs, summaries };
      });
    return { route: this.route, champion: this.champion, bucketMs: this.bucketMs, size: this.ring.length, buckets };
  }
}
