// A summary-level Analysis for one mean metric, champion against candidate, for the staged-rollout
// simulations: Welch's test, the mSPRT's running always-valid p-value (τ² = mde²) and the sample size.
import { MsprtMonitor, sampleSize, welchTTest, type Summary } from '../../packages/stats/src/index.js';
import type { Analysis } from '../../packages/core/src/experiment/analysis.js';

/** The always-valid analysis of one document version: feed it the cumulative summaries at every look. */
export function summaryAnalysis(options: {
  version: string;
  champion: string;
  candidate: string;
  /** Planned sd and relative MDE of the metric, which goes up ("increase"). */
  sd: number;
  mde: number;
  baseline: number;
  alpha?: number;
  power?: number;
}): (champion: Summary, candidate: Summary) => Analysis {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  const absolute = options.mde * options.baseline;
  const required = sampleSize({ sd: options.sd, mde: absolute, alpha, power });
  const monitor = new MsprtMonitor({ tau2: absolute * absolute, alpha });
  return (a, b) => {
    let pValue = 1;
    let alwaysValid = 1;
    if (a.n >= 2 && b.n >= 2) {
      pValue = welchTTest(a, b).pValue;
      // Unequal arms: the n per arm of equal arms with the same variance of the difference.
      const n = 2 / (1 / a.n + 1 / b.n);
      alwaysValid = monitor.observe({ n, diff: b.mean - a.mean, variance: (a.variance + b.variance) / 2 }).pValue;
    }
    const difference = b.mean - a.mean;
    const verdict =
      alwaysValid <= alpha
        ? difference > 0
          ? 'better'
          : 'worse'
        : a.n >= required && b.n >= required
          ? 'inconclusive'
          : 'collecting';
    const se = Math.sqrt(a.variance / Math.max(a.n, 1) + b.variance / Math.max(b.n, 1));
    return {
      route: 'score',
      version: options.version,
      champion: options.champion,
      alpha,
      power,
      srm: { pValue: 0.5, mismatch: false, exposures: { [options.champion]: a.n, [options.candidate]: b.n } },
      metrics: [
        {
          name: 'conversion-value',
          kind: 'mean',
          direction: 'increase',
          role: 'primary',
          mde: options.mde,
          variants: {
            [options.champion]: { n: a.n, mean: a.mean, sd: Math.sqrt(a.variance) },
            [options.candidate]: { n: b.n, mean: b.mean, sd: Math.sqrt(b.variance) },
          },
          comparisons: [
            {
              variant: options.candidate,
              against: options.champion,
              difference,
              ci: [difference - 1.96 * se, difference + 1.96 * se],
              relativeLift: a.mean === 0 ? null : difference / a.mean,
              pValue,
              alwaysValidPValue: alwaysValid,
              requiredSamplePerVariant: required,
              verdict,
            },
          ],
        },
      ],
    };
  };
}
