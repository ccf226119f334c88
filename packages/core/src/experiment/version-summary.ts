import type { Summary } from '@modelroute/stats';
import type { ExperimentFigures, MetricSpec } from './analyze-experiment.js';
import type { VersionCounts } from '../vocabulary/experiment-counts.js';
import { MetricSummary } from './metric-summary.js';
import { UnitFilter, unitFilterBits } from './unit-filter.js';
import { ModelrouteError } from '../errors/modelroute-error.js';

/** What a version's summary is made from: the document version in force and its experiment. */
export interface VersionSpec {
  readonly route: string;
  readonly version: string;
  readonly champion: string;
  /** The weights in force, by variant, as the document gives them (the split the SRM check expects). */
  readonly weights: Readonly<Record<string, number>>;
  readonly alpha?: number;
  readonly power?: number;
  readonly metrics: readonly (MetricSpec & { readonly attributionWindowMs?: number })[];
}

/**
 * The experiment's counts under one document version (different splits are never pooled): exposures and
 * failovers per variant, and a {@link MetricSummary} per metric × variant. Indexes are fixed when the
 * document is applied, so counting is an array increment.
 */
export class VersionSummary implements VersionCounts {
  readonly variants: readonly string[];
  readonly variantIndex: ReadonlyMap<string, number>;
  readonly metricNames: readonly string[];
  /** Units exposed, by variant index (first exposure per unit and version). */
  readonly exposures: Float64Array;
  /** Calls of exposed units answered by another variant than the assigned one (guard redirect or failover). */
  readonly failovers: Float64Array;
  /** [metric][variant]. */
  readonly summaries: readonly (readonly MetricSummary[])[];
  /** Attribution window per metric index, in ms. */
  readonly windows: Float64Array;
  /** @internal The units counted in `exposures`, so that none is counted twice (see `UnitFilter`). */
  readonly counted: UnitFilter;

  constructor(
    readonly spec: VersionSpec,
    defaultWindowMs: number,
    /** The exposure table's size: the filter of counted units is sized to it. Default 100000. */
    maxUnits = 100_000,
  ) {
    this.counted = new UnitFilter(unitFilterBits(maxUnits));
    this.variants = Object.keys(spec.weights);
    this.variantIndex = new Map(this.variants.map((v, i) => [v, i]));
    this.metricNames = spec.metrics.map((m) => m.name);
    this.exposures = new Float64Array(this.variants.length);
    this.failovers = new Float64Array(this.variants.length);
    this.summaries = spec.metrics.map(() => this.variants.map(() => new MetricSummary()));
    this.windows = Float64Array.from(spec.metrics, (m) => m.attributionWindowMs ?? defaultWindowMs);
  }

  get version(): string {
    return this.spec.version;
  }

  /**
   * Adds another summary of the same version and split (another router, another process): exact. Throws
   * `invalid_options` for a summary of another route, version or split: those are never pooled.
   */
  merge(other: VersionSummary): this {
    const split = (s: VersionSpec): string =>
      Object.entries(s.weights)
        .map(([variant, weight]) => `${variant} ${weight}`)
        .join(', ');
    if (
      other.spec.route !== this.spec.route ||
      other.version !== this.version ||
      split(other.spec) !== split(this.spec)
    )
      throw new ModelrouteError(
        'invalid_options',
        `cannot merge the experiment summary of route "${other.spec.route}" version "${other.version}" (weights ${split(other.spec)}) into version "${this.version}" (weights ${split(this.spec)}): summaries of different versions or splits are never pooled`,
      );
    other.variants.forEach((variant, j) => {
      const i = this.variantIndex.get(variant);
      if (i === undefined) return;
      this.exposures[i]! += other.exposures[j]!;
      this.failovers[i]! += other.failovers[j]!;
      other.spec.metrics.forEach((metric, k) => {
        const m = this.metricNames.indexOf(metric.name);
        if (m >= 0) this.summaries[m]![i]!.merge(other.summaries[k]![j]!);
      });
    });
    return this;
  }

  /** The figures `analyzeExperiment` reads. */
  figures(): ExperimentFigures {
    const { route, version, champion, weights, alpha, power, metrics } = this.spec;
    const exposures: Record<string, number> = {};
    this.variants.forEach((v, i) => (exposures[v] = this.exposures[i]!));
    const summaries: Record<string, Record<string, Summary>> = {};
    metrics.forEach((metric, m) => {
      const of: Record<string, Summary> = {};
      this.variants.forEach((v, i) => (of[v] = this.summaries[m]![i]!.summary(metric.kind)));
      summaries[metric.name] = of;
    });
    return {
      route,
      version,
      champion,
      weights,
      alpha,
      power,
      metrics: metrics.map(({ name, kind, direction, mde, role }) => ({ name, kind, direction, mde, role })),
      exposures,
      summaries,
    };
  }
}
