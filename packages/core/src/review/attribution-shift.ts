import { spearmanRankCorrelation } from '@modelroute/stats';

/** What the attribution comparison found, or undefined when nothing is off. */
export interface AttributionShiftFigures {
  readonly rankCorrelation: number;
  /** The champion's top-5 features that are not in the candidate's top 10. */
  readonly missingTopFeatures: readonly string[];
}

const topFeatures = (features: readonly string[], means: readonly number[], k: number): string[] =>
  features
    .map((feature, i) => [feature, means[i]!] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([feature]) => feature);

/**
 * Compares a candidate's mean absolute attributions with the champion's over the same features: the
 * Spearman rank correlation, and which of the champion's five most important features left the
 * candidate's ten most important. `shifted` when the correlation is below `minRankCorrelation` or a
 * top-5 feature left.
 */
export function compareAttributions(
  features: readonly string[],
  champion: readonly number[],
  candidate: readonly number[],
  minRankCorrelation: number,
): AttributionShiftFigures & { readonly shifted: boolean } {
  const rankCorrelation = features.length < 2 ? 1 : spearmanRankCorrelation(champion, candidate);
  const candidateTop = new Set(topFeatures(features, candidate, 10));
  const missingTopFeatures = topFeatures(features, champion, 5).filter((f) => !candidateTop.has(f));
  return {
    rankCorrelation,
    missingTopFeatures,
    shifted: rankCorrelation < minRankCorrelation || missingTopFeatures.length > 0,
  };
}
