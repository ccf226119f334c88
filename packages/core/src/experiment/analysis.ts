import type { ReviewSignal } from '../vocabulary/review-signal.js';

// The shape of `router.analysis()`: the one figure set that the staged controller, the review signals,
// the champion-challenger gate, the alert rules and the report read (DESIGN.md, "The decision loop").
// The fleet path (`modelroute analyze --prometheus`) produces the same shape from PromQL sums.

/** What the evidence says about one candidate against the champion on one metric. */
export type Verdict =
  /** The always-valid p-value is below alpha and the difference goes the metric's way. */
  | 'better'
  /** The always-valid p-value is below alpha and the difference goes against the metric's direction. */
  | 'worse'
  /** The required sample is reached without a significant difference. */
  | 'inconclusive'
  /** Neither significant nor at the required sample yet. */
  | 'collecting'
  /** The exposures do not match the weights (SRM): no verdict can be trusted. */
  | 'invalid';

/** How a metric's values are read: 0/1 outcomes, or any finite number. */
export type MetricKind = 'proportion' | 'mean';
/** Which way is good for a metric. */
export type MetricDirection = 'increase' | 'decrease';
/** A primary metric decides; a guardrail only protects (it can fail a rollout, never pass it). */
export type MetricRole = 'primary' | 'guardrail';

/** Per variant, the summary of one metric's values. */
export interface VariantFigures {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
}

/** One candidate against the champion on one metric. */
export interface Comparison {
  readonly variant: string;
  /** The champion. */
  readonly against: string;
  /** mean(variant) - mean(against). */
  readonly difference: number;
  /** Confidence interval of the difference at 1 - alpha. */
  readonly ci: readonly [number, number];
  /** difference / |mean(against)|, so its sign is the difference's; NaN-free: null when the champion's mean is 0. */
  readonly relativeLift: number | null;
  /** Welch's t-test (means) or the two-proportion z-test (proportions); 1 when either side has too few values. */
  readonly pValue: number;
  /** mSPRT: safe to watch continuously. */
  readonly alwaysValidPValue: number;
  /** The sample size per variant for the metric's MDE at the document's alpha and power. */
  readonly requiredSamplePerVariant: number;
  readonly verdict: Verdict;
}

/** One metric of the experiment. */
export interface MetricAnalysis {
  readonly name: string;
  readonly kind: MetricKind;
  readonly direction: MetricDirection;
  readonly role: MetricRole;
  /** The relative minimum detectable effect, e.g. 0.05. */
  readonly mde: number;
  readonly variants: Readonly<Record<string, VariantFigures>>;
  readonly comparisons: readonly Comparison[];
}

/** Sample ratio mismatch: exposures against the weights in force (chi-square). */
export interface SrmFigures {
  readonly pValue: number;
  /** True when pValue < 0.001: every verdict becomes "invalid". */
  readonly mismatch: boolean;
  /** Exposures per variant. */
  readonly exposures: Readonly<Record<string, number>>;
}

/** The live analysis of a route's experiment, for the document version in force (splits are never pooled). */
export interface Analysis {
  readonly route: string;
  /** The document version the figures belong to. */
  readonly version: string;
  /** The champion of that version. */
  readonly champion: string;
  readonly alpha: number;
  readonly power: number;
  readonly srm: SrmFigures;
  readonly metrics: readonly MetricAnalysis[];
  /** Review signals (soft triggers) raised under this version; present on `router.analysis()`. See docs/review.md. */
  readonly reviews?: readonly ReviewSignal[];
}
