// @modelroute/core/experiment: the analysis of an experiment outside a router (a fleet's summed counts, a
// notebook, a test): the same figures and functions that `router.analysis()` uses, and the defaults of
// the analysis and of review signals (docs/experiments.md, docs/review.md). Its own entry so that
// importing '@modelroute/core' does not compile it, nor @modelroute/stats; the types are in both entries.

export type {
  Analysis,
  Comparison,
  MetricAnalysis,
  VariantFigures,
  SrmFigures,
  Verdict,
  MetricKind,
  MetricDirection,
  MetricRole,
} from './experiment/analysis.js';
export {
  analyzeExperiment,
  EXPERIMENT_DEFAULTS,
  SRM_THRESHOLD,
  type ExperimentFigures,
  type MetricSpec,
} from './experiment/analyze-experiment.js';
export {
  figuresFromCounts,
  type FleetCounts,
  type ExperimentDocumentSpec,
} from './experiment/figures-from-counts.js';
export { MetricSummary, proportionSummary, sumsSummary } from './experiment/metric-summary.js';
export { VersionSummary, type VersionSpec } from './experiment/version-summary.js';
export { REVIEW_DEFAULTS } from './review/review-config.js';
