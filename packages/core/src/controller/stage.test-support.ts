// Hand-made analyses for the controller's tests: one candidate against the champion per metric.
import type { Analysis, MetricAnalysis, Verdict } from '../experiment/analysis.js';

/** One metric of a hand-made analysis. */
export interface MetricSpec {
  name?: string;
  role?: MetricAnalysis['role'];
  verdict: Verdict;
  /** Values of the champion and of the candidate. */
  n: readonly [number, number];
  required?: number;
}

/** An analysis of `version` with `metrics` for `candidate` against `champion`. */
export function analysisOf(options: {
  version: string | undefined;
  champion?: string;
  candidate?: string;
  metrics: readonly MetricSpec[];
  srmMismatch?: boolean;
}): Analysis {
  const champion = options.champion ?? 'v1';
  const candidate = options.candidate ?? 'v2';
  return {
    route: 'score',
    version: options.version ?? 'unknown',
    champion,
    alpha: 0.05,
    power: 0.8,
    srm: {
      pValue: options.srmMismatch ? 1e-6 : 0.5,
      mismatch: options.srmMismatch ?? false,
      exposures: { [champion]: 1000, [candidate]: 50 },
    },
    metrics: options.metrics.map((m, i) => ({
      name: m.name ?? (i === 0 ? 'conversion' : `guardrail-${i}`),
      kind: 'mean',
      direction: 'increase',
      role: m.role ?? (i === 0 ? 'primary' : 'guardrail'),
      mde: 0.05,
      variants: {
        [champion]: { n: m.n[0], mean: 1, sd: 1 },
        [candidate]: { n: m.n[1], mean: 1, sd: 1 },
      },
      comparisons: [
        {
          variant: candidate,
          against: champion,
          difference: 0,
          ci: [-0.1, 0.1],
          relativeLift: 0,
          pValue: 0.5,
          alwaysValidPValue: m.verdict === 'worse' || m.verdict === 'better' ? 0.01 : 0.9,
          requiredSamplePerVariant: m.required ?? 1000,
          verdict: m.verdict,
        },
      ],
    })),
  };
}
