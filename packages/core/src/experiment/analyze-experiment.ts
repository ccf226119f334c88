import {
  MsprtMonitor,
  sampleSize,
  sampleSizeProportions,
  srmTest,
  twoProportionZTest,
  welchTTest,
  type Summary,
} from '@modelroute/stats';
import type {
  Analysis,
  Comparison,
  MetricAnalysis,
  MetricDirection,
  MetricKind,
  MetricRole,
  SrmFigures,
  VariantFigures,
  Verdict,
} from './analysis.js';

/** Alpha and power when the document's experiment gives none. */
export const EXPERIMENT_DEFAULTS = { alpha: 0.05, power: 0.8 } as const;
/** The SRM p-value below which the split is declared broken (and every verdict `invalid`). */
export const SRM_THRESHOLD = 0.001;

/** One metric as the document declares it. */
export interface MetricSpec {
  readonly name: string;
  readonly kind: MetricKind;
  readonly direction: MetricDirection;
  readonly mde: number;
  readonly role: MetricRole;
}

/**
 * Everything an analysis is computed from: the document's experiment and split, and the counts. The
 * router fills it from its summaries; `modelroute analyze --prometheus` from PromQL sums across a fleet.
 */
export interface ExperimentFigures {
  readonly route: string;
  readonly version: string;
  readonly champion: string;
  /** The weights in force (relative shares), every variant of the split. */
  readonly weights: Readonly<Record<string, number>>;
  /** Default 0.05. */
  readonly alpha?: number;
  /** Default 0.8. */
  readonly power?: number;
  readonly metrics: readonly MetricSpec[];
  /** Units exposed per variant (a variant missing here had none). */
  readonly exposures: Readonly<Record<string, number>>;
  /** Per metric name, per variant: `{ n, mean, variance }` of the values tracked (missing: none). */
  readonly summaries: Readonly<Record<string, Readonly<Record<string, Summary>>>>;
}

const EMPTY: Summary = { n: 0, mean: 0, variance: 0 };

/**
 * The analysis of one document version's experiment, computed with `@modelroute/stats`: SRM
 * (chi-square of exposures against the weights), and per metric every variant against the champion:
 * the difference and its CI, Welch's t-test (means) or the two-proportion z-test (proportions), the mSPRT
 * always-valid p-value (τ² = (mde × champion mean)²; mde × sd for a mean of 0), the sample per variant for the metric's MDE, and
 * the verdict. Pure: the same figures give the same analysis, in one process or from a fleet's counters.
 */
export function analyzeExperiment(figures: ExperimentFigures): Analysis {
  const alpha = figures.alpha ?? EXPERIMENT_DEFAULTS.alpha;
  const power = figures.power ?? EXPERIMENT_DEFAULTS.power;
  const variants = Object.keys(figures.weights);
  const srm = srmOf(variants, figures);
  const metrics = figures.metrics.map((metric): MetricAnalysis => {
    const of = figures.summaries[metric.name] ?? {};
    const summaryOf = (variant: string): Summary => of[variant] ?? EMPTY;
    const figuresOf: Record<string, VariantFigures> = {};
    for (const variant of variants) {
      const s = summaryOf(variant);
      figuresOf[variant] = { n: s.n, mean: s.mean, sd: Math.sqrt(s.variance) };
    }
    const control = summaryOf(figures.champion);
    const comparisons = variants
      .filter((variant) => variant !== figures.champion)
      .map((variant) =>
        compare(metric, variant, figures.champion, control, summaryOf(variant), alpha, power, srm.mismatch),
      );
    return {
      name: metric.name,
      kind: metric.kind,
      direction: metric.direction,
      role: metric.role,
      mde: metric.mde,
      variants: figuresOf,
      comparisons,
    };
  });
  return {
    route: figures.route,
    version: figures.version,
    champion: figures.champion,
    alpha,
    power,
    srm,
    metrics,
  };
}

function srmOf(variants: readonly string[], figures: ExperimentFigures): SrmFigures {
  const exposures: Record<string, number> = {};
  for (const variant of variants) exposures[variant] = figures.exposures[variant] ?? 0;
  try {
    const result = srmTest(exposures, figures.weights, { threshold: SRM_THRESHOLD });
    return { pValue: result.pValue, mismatch: result.mismatch, exposures };
  } catch {
    // Fewer than two variants with traffic: there is no split to check.
    return { pValue: 1, mismatch: false, exposures };
  }
}

const attempt = <T>(fn: () => T, otherwise: T): T => {
  try {
    return fn();
  } catch {
    return otherwise;
  }
};

function compare(
  metric: MetricSpec,
  variant: string,
  against: string,
  a: Summary,
  b: Summary,
  alpha: number,
  power: number,
  mismatch: boolean,
): Comparison {
  const difference = b.mean - a.mean;
  const proportion = metric.kind === 'proportion';
  const test = attempt(
    () =>
      proportion
        ? twoProportionZTest(
            { n: a.n, successes: Math.round(a.mean * a.n) },
            { n: b.n, successes: Math.round(b.mean * b.n) },
            { alpha },
          )
        : welchTTest(a, b, { alpha }),
    undefined,
  );
  // The MDE is relative to the champion's mean; for a mean of 0 it is read in standard deviations, and for
  // a champion with no spread either (a proportion with no events yet) on both arms pooled: an effect of 0
  // would make the always-valid test blind to any difference.
  const pooled = a.n + b.n > 0 ? (a.mean * a.n + b.mean * b.n) / (a.n + b.n) : 0;
  const effect =
    metric.mde * (Math.abs(a.mean) || Math.sqrt(a.variance) || (proportion ? pooled : Math.sqrt(b.variance)));
  const alwaysValidPValue = attempt(() => msprtPValue(proportion, a, b, effect * effect, alpha), 1);
  const baseline = a.mean || pooled;
  const requiredSamplePerVariant = attempt(
    () =>
      proportion
        ? sampleSizeProportions({
            p: baseline,
            mde: proportionEffect(baseline, metric.direction, effect),
            alpha,
            power,
          })
        : sampleSize({ sd: Math.sqrt(a.variance), mde: effect, alpha, power }),
    Infinity,
  );
  let verdict: Verdict;
  if (mismatch) verdict = 'invalid';
  else if (alwaysValidPValue < alpha)
    verdict = (metric.direction === 'increase' ? difference > 0 : difference < 0) ? 'better' : 'worse';
  else if (Math.min(a.n, b.n) >= requiredSamplePerVariant) verdict = 'inconclusive';
  else verdict = 'collecting';
  return {
    variant,
    against,
    difference,
    ci: test === undefined ? [-Infinity, Infinity] : [test.ci[0], test.ci[1]],
    relativeLift: a.n > 0 && a.mean !== 0 ? difference / Math.abs(a.mean) : null,
    pValue: test?.pValue ?? 1,
    alwaysValidPValue,
    requiredSamplePerVariant,
    verdict,
  };
}

/**
 * The effect a proportion's sample is sized for: in the metric's good direction, or the other way when
 * that would leave (0, 1) (a 99% success rate cannot rise by 2% of itself): the size is then for a
 * change of the same magnitude, instead of no size at all (which would keep the verdict collecting for good).
 */
function proportionEffect(p: number, direction: MetricSpec['direction'], effect: number): number {
  const signed = direction === 'increase' ? effect : -effect;
  return p + signed > 0 && p + signed < 1 ? signed : -signed;
}

/**
 * The mSPRT p-value of this look (min(1, 1/Λ)), in the summary form for arms of unequal size; for a
 * proportion with the Bernoulli per-unit variance x̄(1 − x̄), as msprtBernoulli. 1 while it has no
 * information (an arm with fewer than 2 values, both arms constant, or τ² = 0).
 */
function msprtPValue(proportion: boolean, a: Summary, b: Summary, tau2: number, alpha: number): number {
  if (!(tau2 > 0) || a.n < 2 || b.n < 2) return 1;
  const bernoulli = (s: Summary): Summary => ({ n: s.n, mean: s.mean, variance: s.mean * (1 - s.mean) });
  const monitor = new MsprtMonitor({ tau2, alpha });
  return monitor.observeSummaries(proportion ? bernoulli(a) : a, proportion ? bernoulli(b) : b).pValue;
}
