import * as z from 'zod';

// The `experiment` section of a route document: which outcomes `router.track()` accepts and how
// `router.analysis()` judges them (docs/experiments.md).

const show = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : String(value);

const oneOf = <const T extends readonly [string, ...string[]]>(values: T, description: string) =>
  z
    .enum(values, { error: (iss) => `must be ${values.map((v) => `"${v}"`).join(' or ')}, got ${show(iss.input)}` })
    .describe(description);

const openUnit = (description: string) =>
  z
    .number({ error: (iss) => `must be a number between 0 and 1 (exclusive), got ${show(iss.input)}` })
    .gt(0, { error: (iss) => `must be a number between 0 and 1 (exclusive), got ${show(iss.input)}` })
    .lt(1, { error: (iss) => `must be a number between 0 and 1 (exclusive), got ${show(iss.input)}` })
    .describe(description);

export const experimentMetricSchema = z
  .object({
    name: z
      .string({ error: (iss) => `must be a metric name (a non-empty string), got ${show(iss.input)}` })
      .min(1, { error: 'must be a metric name (a non-empty string), got ""' })
      .describe('The name `router.track(name, value, ...)` uses.'),
    kind: oneOf(
      ['proportion', 'mean'],
      '"proportion": every value is 0 or 1 (converted, clicked, correct); "mean": any finite number (revenue, latency).',
    ),
    direction: oneOf(['increase', 'decrease'], 'Which way is good for this metric.'),
    mde: z
      .number({ error: (iss) => `must be a positive number (a relative effect, e.g. 0.05), got ${show(iss.input)}` })
      .gt(0, { error: (iss) => `must be a positive number (a relative effect, e.g. 0.05), got ${show(iss.input)}` })
      .describe(
        "Minimum detectable effect, relative to the champion's mean (0.05 is 5%): sets the required sample and the mSPRT's mixing variance.",
      ),
    role: oneOf(
      ['primary', 'guardrail'],
      '"primary" decides the experiment; a "guardrail" can only fail it (a significant move the wrong way).',
    ),
    attributionWindowMs: z
      .number({ error: (iss) => `must be a positive number of milliseconds, got ${show(iss.input)}` })
      .gt(0, { error: (iss) => `must be a positive number of milliseconds, got ${show(iss.input)}` })
      .describe(
        "An outcome counts only within this many milliseconds of the unit's latest exposure (default: the router's experiment.attributionWindowMs, 86400000).",
      )
      .optional(),
  })
  .strict();

export const experimentSchema = z
  .object({
    metrics: z
      .array(experimentMetricSchema, {
        error: (iss) => `must be an array of { name, kind, direction, mde, role }, got ${show(iss.input)}`,
      })
      .min(1, { error: 'must name at least one metric' })
      .describe('The outcomes the experiment measures.'),
    alpha: openUnit('Significance level of the tests and the always-valid p-values (default 0.05).').optional(),
    power: openUnit('Power for the required sample per variant (default 0.8).').optional(),
  })
  .strict()
  .superRefine((experiment, ctx) => {
    const seen = new Set<string>();
    experiment.metrics.forEach((metric, i) => {
      if (seen.has(metric.name))
        ctx.addIssue({ code: 'custom', path: ['metrics', i, 'name'], message: `"${metric.name}" is named twice` });
      seen.add(metric.name);
    });
  });

export type { ExperimentConfig, ExperimentMetric } from './document.js';
