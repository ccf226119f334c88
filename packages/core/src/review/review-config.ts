import type { ReviewConfig } from '../rollout/review-schema.js';

/** A route's `review` section with every default filled in; a part that is off is undefined. */
export interface ResolvedReviewConfig {
  readonly predictionShift:
    | {
        readonly psi: number;
        readonly minPredictions: number;
        readonly bins?: readonly number[];
        readonly topLabels: number;
      }
    | undefined;
  readonly metricRegression: boolean;
  readonly attributionShift:
    | { readonly minRankCorrelation: number; readonly fraction: number; readonly minExplained: number }
    | undefined;
}

/** The defaults of the `review` section (issue: PSI 0.1, 1,000 predictions, rank correlation 0.8). */
export const REVIEW_DEFAULTS = {
  psi: 0.1,
  minPredictions: 1000,
  topLabels: 10,
  minRankCorrelation: 0.8,
  fraction: 0.01,
  minExplained: 200,
} as const;

/** Fills in the defaults; `hasExperiment` turns metric regression on unless the document says false. */
export function resolveReviewConfig(config: ReviewConfig, hasExperiment: boolean): ResolvedReviewConfig {
  const shift = config.predictionShift;
  const attribution = config.attributionShift;
  return {
    predictionShift:
      shift === undefined
        ? undefined
        : {
            psi: shift.psi ?? REVIEW_DEFAULTS.psi,
            minPredictions: shift.minPredictions ?? REVIEW_DEFAULTS.minPredictions,
            ...(shift.bins === undefined ? {} : { bins: shift.bins }),
            topLabels: shift.topLabels ?? REVIEW_DEFAULTS.topLabels,
          },
    metricRegression: config.metricRegression ?? hasExperiment,
    attributionShift:
      attribution === undefined
        ? undefined
        : {
            minRankCorrelation: attribution.minRankCorrelation ?? REVIEW_DEFAULTS.minRankCorrelation,
            fraction: attribution.fraction ?? REVIEW_DEFAULTS.fraction,
            minExplained: attribution.minExplained ?? REVIEW_DEFAULTS.minExplained,
          },
  };
}
