// @modelroute/stats: pure experiment statistics, no runtime dependencies.

export { StatsError, isStatsError } from './errors/stats-error.js';
export type { StatsErrorCode, StatsErrorOptions } from './errors/stats-error.js';

export { normalCdf, normalSurvival } from './numerics/normal-cdf.js';
export { normalQuantile } from './numerics/normal-quantile.js';
export { studentTCdf, studentTSurvival } from './numerics/student-t-cdf.js';
export { studentTQuantile } from './numerics/student-t-quantile.js';
export { chiSquareSurvival, chiSquareCdf } from './numerics/chi-square-survival.js';

export type { Summary } from './summary/summary.js';
export { Welford } from './summary/welford.js';
export { summarize } from './summary/summarize.js';
export { mergeSummaries } from './summary/merge-summaries.js';

export { sampleSize } from './sample-size/sample-size.js';
export type { SampleSizeOptions } from './sample-size/sample-size.js';
export { sampleSizeProportions } from './sample-size/sample-size-proportions.js';
export type { SampleSizeProportionsOptions } from './sample-size/sample-size-proportions.js';

export type { Alternative } from './inference/alternative.js';
export type { RelativeLift } from './inference/relative-lift.js';
export { welchTTest } from './inference/welch-t-test.js';
export type { WelchTTestOptions, WelchTTestResult } from './inference/welch-t-test.js';
export type { ProportionCounts } from './inference/proportion-counts.js';
export { twoProportionZTest } from './inference/two-proportion-z-test.js';
export type { TwoProportionZTestOptions, TwoProportionZTestResult } from './inference/two-proportion-z-test.js';
export { srmTest } from './inference/srm-test.js';
export type { SrmTestOptions, SrmTestResult } from './inference/srm-test.js';

export type { MsprtResult } from './sequential/mixture-log-ratio.js';
export { msprt } from './sequential/msprt.js';
export type { MsprtInput } from './sequential/msprt.js';
export { msprtBernoulli } from './sequential/msprt-bernoulli.js';
export type { MsprtBernoulliInput } from './sequential/msprt-bernoulli.js';
export { MsprtMonitor } from './sequential/msprt-monitor.js';
export type {
  MsprtBernoulliLook,
  MsprtLook,
  MsprtMonitorOptions,
  MsprtState,
} from './sequential/msprt-monitor.js';

export { populationStability } from './distribution/population-stability.js';
export { jensenShannonDistance } from './distribution/jensen-shannon.js';
export { spearmanRankCorrelation } from './distribution/spearman.js';
