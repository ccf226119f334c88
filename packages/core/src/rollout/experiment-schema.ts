import { must } from './shape/common-shapes.js';
import type { EnumShape, NumberShape, ObjectShape } from './shape/shape.js';
import { optional } from './shape/shape.js';

// The `experiment` section of a route document: which outcomes `router.track()` accepts and how
// `router.analysis()` judges them (docs/experiments.md).

const oneOf = (values: readonly string[], description: string): EnumShape => ({
  kind: 'enum',
  values,
  message: must(values.map((v) => `"${v}"`).join(' or ')),
  description,
});

const openUnit = (description: string): NumberShape => ({
  kind: 'number',
  message: must('a number between 0 and 1 (exclusive)'),
  rules: [
    { kind: 'gt', value: 0 },
    { kind: 'lt', value: 1 },
  ],
  description,
});

export const experimentMetricShape = {
  kind: 'object',
  keys: {
    name: {
      kind: 'string',
      message: must('a metric name (a non-empty string)'),
      minLength: { value: 1, message: () => 'must be a metric name (a non-empty string), got ""' },
      description: 'The name `router.track(name, value, ...)` uses.',
    },
    kind: oneOf(
      ['proportion', 'mean'],
      '"proportion": every value is 0 or 1 (converted, clicked, correct); "mean": any finite number (revenue, latency).',
    ),
    direction: oneOf(['increase', 'decrease'], 'Which way is good for this metric.'),
    mde: {
      kind: 'number',
      message: must('a positive number (a relative effect, e.g. 0.05)'),
      rules: [{ kind: 'gt', value: 0 }],
      description:
        "Minimum detectable effect, relative to the champion's mean (0.05 is 5%): sets the required sample and the mSPRT's mixing variance.",
    },
    role: oneOf(
      ['primary', 'guardrail'],
      '"primary" decides the experiment; a "guardrail" can only fail it (a significant move the wrong way).',
    ),
    attributionWindowMs: optional({
      kind: 'number',
      message: must('a positive number of milliseconds'),
      rules: [{ kind: 'gt', value: 0 }],
      description:
        "An outcome counts only within this many milliseconds of the unit's latest exposure (default: the router's experiment.attributionWindowMs, 86400000).",
    }),
  },
} satisfies ObjectShape;

export const experimentShape = {
  kind: 'object',
  keys: {
    metrics: {
      kind: 'array',
      item: experimentMetricShape,
      message: must('an array of { name, kind, direction, mde, role }'),
      minLength: { value: 1, message: () => 'must name at least one metric' },
      description: 'The outcomes the experiment measures.',
    },
    alpha: optional(openUnit('Significance level of the tests and the always-valid p-values (default 0.05).')),
    power: optional(openUnit('Power for the required sample per variant (default 0.8).')),
  },
  refine: (experiment: { metrics: { name: string }[] }, add) => {
    const seen = new Set<string>();
    experiment.metrics.forEach((metric, i) => {
      if (seen.has(metric.name)) add(['metrics', i, 'name'], `"${metric.name}" is named twice`);
      seen.add(metric.name);
    });
  },
} satisfies ObjectShape;

export type { ExperimentConfig, ExperimentMetric } from './document.js';
