import { abTest, rolloutDocument, type ExperimentConfig, type RolloutDocument } from '@modelroute/core';

/** The experiment: accuracy decides (a proportion), the probability given to the true species guards (a mean). */
export const experiment: ExperimentConfig = {
  metrics: [
    { name: 'correct', kind: 'proportion', direction: 'increase', mde: 0.05, role: 'primary' },
    { name: 'true-class-probability', kind: 'mean', direction: 'increase', mde: 0.05, role: 'guardrail' },
  ],
};

/** A 50/50 sticky split; the sepal-only model is the champion. */
export const rollout: RolloutDocument = rolloutDocument({
  iris: abTest({ variants: ['sepal-centroid', 'gaussian-nb'], experiment, version: 'iris-ab-1' }),
});
