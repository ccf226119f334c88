import * as z from 'zod/mini';
import { builtOnce } from './built-once.js';

// The `review` section of a route document: soft triggers that raise a signal for a person, never move traffic.

const show = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : String(value);
const positive = (description: string) =>
  z
    .number({ error: (iss) => `must be a positive number, got ${show(iss.input)}` })
    .check(z.gt(0, { error: (iss) => `must be a positive number, got ${show(iss.input)}` }), z.describe(description));
const positiveInt = (description: string) =>
  positive(description).check(z.int({ error: (iss) => `must be a positive integer, got ${show(iss.input)}` }));
const fraction = (description: string) =>
  z
    .number({ error: (iss) => `must be a number between 0 and 1, got ${show(iss.input)}` })
    .check(
      z.minimum(0, { error: (iss) => `must be a number between 0 and 1, got ${show(iss.input)}` }),
      z.maximum(1, { error: (iss) => `must be a number between 0 and 1, got ${show(iss.input)}` }),
      z.describe(description),
    );

export const predictionShiftSchema = builtOnce(() =>
  z
    .strictObject({
      psi: z.optional(
        positive(
          "Raise a review when a candidate's population stability index against the champion reaches this (default 0.1).",
        ),
      ),
      minPredictions: z.optional(
        positiveInt(
          'Predictions of the champion that fix the reference bins (its deciles), and of each candidate before it is judged (default 1000).',
        ),
      ),
      bins: z.optional(
        z
          .array(z.number({ error: (iss) => `must be a finite number, got ${show(iss.input)}` }), {
            error: (iss) => `must be an array of bin edges, got ${show(iss.input)}`,
          })
          .check(
            z.minLength(1, { error: 'must hold at least one bin edge' }),
            z.describe(
              "Bin edges for numeric outputs, ascending (default: the deciles of the champion's first minPredictions outputs). Give them for a fleet: every instance then counts in the same bins.",
            ),
          ),
      ),
      topLabels: z.optional(
        positiveInt(
          "For label outputs: the champion's most frequent labels that get a bin each; the rest share one (default 10).",
        ),
      ),
    })
    .check(
      z.superRefine((shift, ctx) => {
        const bins = shift.bins ?? [];
        for (let i = 1; i < bins.length; i++)
          if (!(bins[i]! > bins[i - 1]!))
            ctx.addIssue({
              code: 'custom',
              path: ['bins', i],
              message: `must be above the edge before it (${bins[i - 1]})`,
            });
      }),
    ),
);

export const attributionShiftSchema = builtOnce(() =>
  z.strictObject({
    minRankCorrelation: z.optional(
      fraction(
        "Raise a review when the Spearman rank correlation of a candidate's mean absolute attributions with the champion's falls below this (default 0.8).",
      ),
    ),
    fraction: z.optional(
      fraction(
        "Share of calls whose attributions are computed with the router's explain hook, off the caller's path (default 0.01).",
      ),
    ),
    minExplained: z.optional(
      positiveInt('Explained calls of the champion and of a candidate before it is judged (default 200).'),
    ),
  }),
);

export const reviewSchema = builtOnce(() =>
  z.strictObject({
    predictionShift: z.optional(
      predictionShiftSchema().check(z.describe("Compare each candidate's output distribution with the champion's.")),
    ),
    metricRegression: z.optional(
      z
        .boolean({ error: (iss) => `must be true or false, got ${show(iss.input)}` })
        .check(
          z.describe(
            "Raise a review when an experiment metric's estimate is worse than its MDE with a confidence interval that excludes 0, before the rollback rule is met (default true when the route has an experiment).",
          ),
        ),
    ),
    attributionShift: z.optional(
      attributionShiftSchema().check(
        z.describe(
          "Compare each candidate's feature attributions with the champion's (needs the router's explain hook).",
        ),
      ),
    ),
  }),
);

export type { ReviewConfig } from './document.js';
