import { fraction, must, positive, positiveInt } from './shape/common-shapes.js';
import type { ObjectShape } from './shape/shape.js';
import { describe, optional } from './shape/shape.js';

// The `review` section of a route document: soft triggers that raise a signal for a person, never move traffic.

export const predictionShiftShape = {
  kind: 'object',
  keys: {
    psi: optional(
      positive(
        "Raise a review when a candidate's population stability index against the champion reaches this (default 0.1).",
      ),
    ),
    minPredictions: optional(
      positiveInt(
        'Predictions of the champion that fix the reference bins (its deciles), and of each candidate before it is judged (default 1000).',
      ),
    ),
    bins: optional({
      kind: 'array',
      item: { kind: 'number', message: must('a finite number'), rules: [] },
      message: must('an array of bin edges'),
      minLength: { value: 1, message: () => 'must hold at least one bin edge' },
      description:
        "Bin edges for numeric outputs, ascending (default: the deciles of the champion's first minPredictions outputs). Give them for a fleet: every instance then counts in the same bins.",
    }),
    topLabels: optional(
      positiveInt(
        "For label outputs: the champion's most frequent labels that get a bin each; the rest share one (default 10).",
      ),
    ),
  },
  refine: (shift: { bins?: number[] }, add) => {
    const bins = shift.bins ?? [];
    for (let i = 1; i < bins.length; i++)
      if (!(bins[i]! > bins[i - 1]!)) add(['bins', i], `must be above the edge before it (${bins[i - 1]})`);
  },
} satisfies ObjectShape;

export const attributionShiftShape = {
  kind: 'object',
  keys: {
    minRankCorrelation: optional(
      fraction(
        "Raise a review when the Spearman rank correlation of a candidate's mean absolute attributions with the champion's falls below this (default 0.8).",
      ),
    ),
    fraction: optional(
      fraction(
        "Share of calls whose attributions are computed with the router's explain hook, off the caller's path (default 0.01).",
      ),
    ),
    minExplained: optional(
      positiveInt('Explained calls of the champion and of a candidate before it is judged (default 200).'),
    ),
  },
} satisfies ObjectShape;

export const reviewShape = {
  kind: 'object',
  keys: {
    predictionShift: optional(
      describe(predictionShiftShape, "Compare each candidate's output distribution with the champion's."),
    ),
    metricRegression: optional({
      kind: 'boolean',
      message: must('true or false'),
      description:
        "Raise a review when an experiment metric's estimate is worse than its MDE with a confidence interval that excludes 0, before the rollback rule is met (default true when the route has an experiment).",
    }),
    attributionShift: optional(
      describe(
        attributionShiftShape,
        "Compare each candidate's feature attributions with the champion's (needs the router's explain hook).",
      ),
    ),
  },
} satisfies ObjectShape;

export type { ReviewConfig } from './document.js';
