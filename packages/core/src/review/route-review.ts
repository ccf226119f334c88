import { jensenShannonDistance, populationStability } from '@modelroute/stats';
import type { Analysis } from '../experiment/analysis.js';
import { compareAttributions } from './attribution-shift.js';
import { FeatureAttributions } from './feature-attributions.js';
import { metricRegressions } from './metric-regression.js';
import { OutputHistograms } from './output-histograms.js';
import type { ResolvedReviewConfig } from './review-config.js';
import type { ReviewSignal, ReviewTrigger } from '../vocabulary/review-signal.js';

// A candidate's shift is judged again every this many binned outputs (and explained calls / 8): the
// figures cost O(bins) or O(features), so the amortized cost per call stays a few nanoseconds.
const CHECK_EVERY = 128;

/** What a route review is built from: the route document version in force. */
export interface RouteReviewInput {
  readonly route: string;
  readonly version: string;
  readonly champion: string;
  readonly config: ResolvedReviewConfig;
  /** The router's clock, for the signals' time. */
  readonly now: () => number;
  /** Called once with every new signal, whichever method found it. Must not throw. */
  readonly onRaise?: (signal: ReviewSignal) => void;
}

/** Prediction-shift figures of one candidate against the champion. */
export interface PredictionShiftFigures {
  readonly variant: string;
  readonly against: string;
  readonly psi: number;
  readonly jsDistance: number;
  readonly predictions: number;
  readonly championPredictions: number;
  readonly bins: readonly string[];
  readonly counts: readonly number[];
  readonly championCounts: readonly number[];
}

/**
 * The soft triggers of one route under one document version (a new version starts afresh, like the
 * guard's windows and the experiment's summaries): prediction shift from streaming output histograms,
 * attribution shift from explained calls, metric regression from the experiment's analysis. Each
 * (variant, trigger) is raised once per version. Never touches traffic: it only returns signals.
 */
export class RouteReview {
  private readonly outputs: OutputHistograms | undefined;
  private readonly attributions: FeatureAttributions | undefined;
  private readonly raised = new Map<string, ReviewSignal>();

  constructor(private readonly input: RouteReviewInput) {
    const shift = input.config.predictionShift;
    this.outputs =
      shift === undefined
        ? undefined
        : new OutputHistograms({
            champion: input.champion,
            minPredictions: shift.minPredictions,
            bins: shift.bins,
            topLabels: shift.topLabels,
          });
    this.attributions = input.config.attributionShift === undefined ? undefined : new FeatureAttributions();
  }

  /** Per variant, its live output counts per bin; undefined until the bins are fixed. */
  outputCounts(): Map<string, Float64Array> | undefined {
    return this.outputs?.allCounts();
  }

  /** Whether outputs are binned at all (a `predictionShift` section). */
  get watchesOutputs(): boolean {
    return this.outputs !== undefined;
  }

  /** The share of calls to explain, or 0 without an `attributionShift` section. */
  get explainFraction(): number {
    return this.input.config.attributionShift?.fraction ?? 0;
  }

  /** Counts one valid primary output (already projected by `reviewValue`); returns a new signal, rarely. */
  observeOutput(variant: string, value: unknown): ReviewSignal | undefined {
    const total = this.outputs!.observe(variant, value);
    if (variant === this.input.champion) return undefined;
    if (total % CHECK_EVERY !== 0 && total !== this.input.config.predictionShift!.minPredictions) return undefined;
    return this.checkPredictionShift(variant);
  }

  /** Adds one explained call's attributions; returns a new signal, rarely. */
  observeAttributions(variant: string, attributions: Readonly<Record<string, unknown>>): ReviewSignal | undefined {
    const n = this.attributions!.observe(variant, attributions);
    if (variant === this.input.champion) return undefined;
    if (n % (CHECK_EVERY / 8) !== 0 && n !== this.input.config.attributionShift!.minExplained) return undefined;
    return this.checkAttributionShift(variant);
  }

  /** New metric-regression signals in an analysis of this version (each raised once). */
  observeAnalysis(analysis: Analysis): ReviewSignal[] {
    if (!this.input.config.metricRegression || analysis.version !== this.input.version) return [];
    const found: ReviewSignal[] = [];
    for (const r of metricRegressions(analysis)) {
      const signal = this.raise(
        r.variant,
        'metric_regression',
        { metric: r.metric, relativeLift: r.relativeLift, mde: r.mde, ciLow: r.ci[0], ciHigh: r.ci[1] },
        `${r.metric} of ${r.variant} is ${(r.relativeLift * 100).toFixed(2)}% against ${r.against}, worse than the MDE of ${(r.mde * 100).toFixed(2)}%, with a confidence interval that excludes 0`,
      );
      if (signal !== undefined) found.push(signal);
    }
    return found;
  }

  /** Every signal raised under this version, oldest first, after judging every candidate once more. */
  signals(variants: readonly string[]): ReviewSignal[] {
    for (const variant of variants) {
      if (variant === this.input.champion) continue;
      if (this.outputs !== undefined) this.checkPredictionShift(variant);
      if (this.attributions !== undefined) this.checkAttributionShift(variant);
    }
    return [...this.raised.values()];
  }

  /** The prediction-shift figures of a candidate, once both it and the champion have their minimum. */
  predictionShift(variant: string): PredictionShiftFigures | undefined {
    const shift = this.input.config.predictionShift;
    const counts = this.outputs?.counts(variant);
    const championCounts = this.outputs?.counts(this.input.champion);
    if (shift === undefined || counts === undefined || championCounts === undefined) return undefined;
    const predictions = counts.reduce((a, b) => a + b, 0);
    const championPredictions = championCounts.reduce((a, b) => a + b, 0);
    if (predictions < shift.minPredictions || championPredictions < shift.minPredictions) return undefined;
    return {
      variant,
      against: this.input.champion,
      psi: populationStability(championCounts, counts),
      jsDistance: jensenShannonDistance(championCounts, counts),
      predictions,
      championPredictions,
      bins: this.outputs!.binNames(),
      counts,
      championCounts,
    };
  }

  private checkPredictionShift(variant: string): ReviewSignal | undefined {
    const figures = this.predictionShift(variant);
    if (figures === undefined || figures.psi < this.input.config.predictionShift!.psi) return undefined;
    return this.raise(
      variant,
      'prediction_shift',
      { psi: figures.psi, jsDistance: figures.jsDistance, predictions: figures.predictions },
      `the outputs of ${variant} differ from ${this.input.champion}'s: PSI ${figures.psi.toFixed(3)} (threshold ${this.input.config.predictionShift!.psi}), Jensen-Shannon distance ${figures.jsDistance.toFixed(3)}, over ${figures.predictions} predictions`,
    );
  }

  private checkAttributionShift(variant: string): ReviewSignal | undefined {
    const config = this.input.config.attributionShift!;
    const a = this.attributions!;
    if (a.explained(variant) < config.minExplained || a.explained(this.input.champion) < config.minExplained)
      return undefined;
    const champion = a.meanAbsolute(this.input.champion);
    const candidate = a.meanAbsolute(variant);
    const found = compareAttributions(champion.features, champion.means, candidate.means, config.minRankCorrelation);
    if (!found.shifted) return undefined;
    return this.raise(
      variant,
      'attribution_shift',
      {
        rankCorrelation: found.rankCorrelation,
        missingTopFeatures: found.missingTopFeatures,
        explained: a.explained(variant),
      },
      `the feature attributions of ${variant} differ from ${this.input.champion}'s: rank correlation ${found.rankCorrelation.toFixed(3)} (threshold ${config.minRankCorrelation})${found.missingTopFeatures.length > 0 ? `; the champion's top features ${found.missingTopFeatures.join(', ')} left the candidate's top 10` : ''}`,
    );
  }

  private raise(
    variant: string,
    trigger: ReviewTrigger,
    figures: ReviewSignal['figures'],
    message: string,
  ): ReviewSignal | undefined {
    const key = `${trigger}\u0000${variant}`;
    if (this.raised.has(key)) return undefined;
    const signal: ReviewSignal = {
      route: this.input.route,
      variant,
      against: this.input.champion,
      trigger,
      version: this.input.version,
      at: this.input.now(),
      figures,
      message: `route "${this.input.route}": ${message}`,
    };
    this.raised.set(key, signal);
    this.input.onRaise?.(signal);
    return signal;
  }
}
