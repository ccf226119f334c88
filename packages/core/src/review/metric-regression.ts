import type { Analysis } from '../experiment/analysis.js';

/** A metric whose estimate is worse than its MDE with a confidence interval that excludes 0. */
export interface MetricRegression {
  readonly variant: string;
  readonly against: string;
  readonly metric: string;
  readonly relativeLift: number;
  readonly mde: number;
  readonly ci: readonly [number, number];
}

/**
 * The soft "business metric regression beyond MDE": a comparison whose relative lift is worse than the
 * metric's MDE in its direction and whose confidence interval excludes 0 on the bad side, while the
 * rollback rule (an always-valid `worse` verdict) is not met. An `invalid` analysis (SRM) raises none.
 */
export function metricRegressions(analysis: Analysis): MetricRegression[] {
  const found: MetricRegression[] = [];
  for (const metric of analysis.metrics) {
    const sign = metric.direction === 'increase' ? 1 : -1;
    for (const c of metric.comparisons) {
      if (c.verdict === 'worse' || c.verdict === 'invalid' || c.relativeLift === null) continue;
      const worseThanMde = sign * c.relativeLift <= -metric.mde;
      const ciExcludesZero = sign > 0 ? c.ci[1] < 0 : c.ci[0] > 0;
      if (worseThanMde && ciExcludesZero)
        found.push({
          variant: c.variant,
          against: c.against,
          metric: metric.name,
          relativeLift: c.relativeLift,
          mde: metric.mde,
          ci: c.ci,
        });
    }
  }
  return found;
}
