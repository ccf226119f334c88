import * as z from 'zod/mini';
import { builtOnce } from './built-once.js';

// The `experiment` section of a route document: which outcomes `router.track()` accepts and how
// `router.analysis()` judges them (docs/experiments.md).

const show = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : String(value);

const oneOf = <const T extends readonly [string, ...string[]]>(values: T, description: string) =>
  z
    .enum(values, { error: (iss) => `must be ${values.map((v) => `"${v}"`).join(' or ')}, got ${show(iss.input)}` })
    .check(z.describe(description));

const openUnit = (description: string) =>
  z
    .number({ error: (iss) => `must be a number between 0 and 1 (exclusive), got ${show(iss.input)}` })
    .check(
      z.gt(0, { error: (iss) => `must be a number between 0 and 1 (exclusive), got ${show(iss.input)}` }),
      z.lt(1, { error: (iss) => `must be a number between 0 and 1 (exclusive), got ${show(iss.input)}` }),
      z.describe(description),
    );

export const experimentMetricSchema = builtOnce(() =>
  z.strictObject({
    name: z
      .string({ error: (iss) => `must be a metric name (a non-empty string), got ${show(iss.input)}` })
      .check(
        z.minLength(1, { error: 'must be a metric name (a non-empty string), got ""' }),
        z.describe('The name `router.track(name, value, ...)` uses.'),
      ),
    kind: oneOf(
      ['proportion', 'mean'],
      '"proportion": every value is 0 or 1 (converted, clicked, correct); "mean": any finite number (revenue, latency).',
    ),
    direction: oneOf(['increase', 'decrease'], 'Which way is good for this metric.'),
    mde: z
      .number({ error: (iss) => `must be a positive number (a relative effect, e.g. 0.05), got ${show(iss.input)}` })
      .check(
        z.gt(0, { error: (iss) => `must be a positive number (a relative effect, e.g. 0.05), got ${show(iss.input)}` }),
        z.describe(
          "Minimum detectable effect, relative to the champion's mean (0.05 is 5%): sets the required sample and the mSPRT's mixing variance.",
        ),
      ),
    role: oneOf(
      ['primary', 'guardrail'],
      '"primary" decides the experiment; a "guardrail" can only fail it (a significant move the wrong way).',
    ),
    attributionWindowMs: z.optional(
      z
        .number({ error: (iss) => `must be a positive number of milliseconds, got ${show(iss.input)}` })
        .check(
          z.gt(0, { error: (iss) => `must be a positive number of milliseconds, got ${show(iss.input)}` }),
          z.describe(
            "An outcome counts only within this many milliseconds of the unit's latest exposure (default: the router's experiment.attributionWindowMs, 86400000).",
          ),
        ),
    ),
  }),
);

export const experimentSchema = builtOnce(() =>
  z
    .strictObject({
      metrics: z
        .array(experimentMetricSchema(), {
          error: (iss) => `must be an array of { name, kind, direction, mde, role }, got ${show(iss.input)}`,
        })
        .check(
          z.minLength(1, { error: 'must name at least one metric' }),
          z.describe('The outcomes the experiment measures.'),
        ),
      alpha: z.optional(openUnit('Significance level of the tests and the always-valid p-values (default 0.05).')),
      power: z.optional(openUnit('Power for the required sample per variant (default 0.8).')),
    })
    .check(
      z.superRefine((experiment, ctx) => {
        const seen = new Set<string>();
        experiment.metrics.forEach((metric, i) => {
          if (seen.has(metric.name))
            ctx.addIssue({ code: 'custom', path: ['metrics', i, 'name'], message: `"${metric.name}" is named twice` });
          seen.add(metric.name);
        });
      }),
    ),
);

export type { ExperimentConfig, ExperimentMetric } from './document.js';
