import type { Summary } from '@modelroute/stats';
import type { ExperimentConfig } from '../rollout/experiment-schema.js';
import type { SummaryCounts } from '../vocabulary/experiment-counts.js';
import type { ExperimentFigures } from './analyze-experiment.js';
import { proportionSummary, sumsSummary } from './metric-summary.js';

/** The exported counters of one document version, summed across a fleet (PromQL `sum by`). */
export interface FleetCounts {
  /** `modelroute.experiment.exposures` by variant. */
  readonly exposures: Readonly<Record<string, number>>;
  /** By metric, by variant: `outcomes`, `values` (positive and negative parts) and `squares`. */
  readonly summaries: Readonly<Record<string, Readonly<Record<string, SummaryCounts>>>>;
}

/** What the analysis needs of the route document in force. */
export interface ExperimentDocumentSpec {
  readonly version: string;
  readonly champion: string;
  readonly weights: Readonly<Record<string, number>>;
  readonly experiment: ExperimentConfig;
}

/**
 * The figures of {@link analyzeExperiment} from counter sums, as `modelroute analyze --prometheus` reads
 * them: a proportion's summary from its success count, a mean's from n, Σx and Σx².
 */
export function figuresFromCounts(route: string, doc: ExperimentDocumentSpec, counts: FleetCounts): ExperimentFigures {
  const { metrics, alpha, power } = doc.experiment;
  const summaries: Record<string, Record<string, Summary>> = {};
  for (const metric of metrics) {
    const of: Record<string, Summary> = {};
    for (const [variant, c] of Object.entries(counts.summaries[metric.name] ?? {})) {
      of[variant] =
        metric.kind === 'proportion'
          ? proportionSummary(c.n, c.positive)
          : sumsSummary(c.n, c.positive - c.negative, c.squares);
    }
    summaries[metric.name] = of;
  }
  return {
    route,
    version: doc.version,
    champion: doc.champion,
    weights: doc.weights,
    alpha,
    power,
    metrics: metrics.map(({ name, kind, direction, mde, role }) => ({ name, kind, direction, mde, role })),
    exposures: counts.exposures,
    summaries,
  };
}
