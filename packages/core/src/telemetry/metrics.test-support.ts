// Test support: a real OpenTelemetry SDK MeterProvider with an in-memory reader that collects on demand,
// and a flat view of what it collected.
import type { Attributes } from '@opentelemetry/api';
import { DataPointType, MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** A reader that keeps nothing and exports nothing: `collect()` returns what the SDK aggregated so far. */
export class InMemoryReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** One data point, flattened. `value` is the sum or gauge value; histograms also carry count, sum and buckets. */
export interface Point {
  readonly name: string;
  readonly unit: string;
  readonly attributes: Attributes;
  readonly value: number;
  readonly count?: number;
  readonly sum?: number;
  readonly boundaries?: readonly number[];
  readonly bucketCounts?: readonly number[];
}

export function sdkProvider(): { provider: MeterProvider; reader: InMemoryReader } {
  const reader = new InMemoryReader();
  return { provider: new MeterProvider({ readers: [reader] }), reader };
}

export function flatten(resourceMetrics: ResourceMetrics): Point[] {
  const points: Point[] = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const { name, unit } = metric.descriptor;
      for (const dp of metric.dataPoints) {
        if (metric.dataPointType === DataPointType.HISTOGRAM) {
          const h = dp.value as { count: number; sum?: number; buckets: { boundaries: number[]; counts: number[] } };
          points.push({
            name,
            unit,
            attributes: dp.attributes,
            value: h.count,
            count: h.count,
            sum: h.sum ?? 0,
            boundaries: h.buckets.boundaries,
            bucketCounts: h.buckets.counts,
          });
        } else {
          points.push({ name, unit, attributes: dp.attributes, value: dp.value as number });
        }
      }
    }
  }
  return points;
}

/** Collects now and flattens. Fails the test on collection errors. */
export async function collect(reader: MetricReader): Promise<Point[]> {
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw new Error(`collection errors: ${errors.map(String).join('; ')}`);
  return flatten(resourceMetrics);
}

/** The points of one instrument, keyed by their attribute values joined with `|` in key order. */
export function byAttributes(points: readonly Point[], name: string, keys: readonly string[]): Map<string, Point> {
  const out = new Map<string, Point>();
  for (const p of points) {
    if (p.name !== name) continue;
    const key = keys.map((k) => String(p.attributes[k])).join('|');
    if (out.has(key)) throw new Error(`two points of ${name} with ${key}`);
    out.set(key, p);
  }
  return out;
}

/** `{ key: value }` of one instrument's points, for exact `toEqual` checks. */
export function values(
  points: readonly Point[],
  name: string,
  keys: readonly string[],
  pick: (p: Point) => unknown = (p) => p.value,
): Record<string, unknown> {
  return Object.fromEntries([...byAttributes(points, name, keys)].map(([k, p]) => [k, pick(p)]));
}
