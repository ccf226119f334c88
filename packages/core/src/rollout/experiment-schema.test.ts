import { describe, expect, it } from 'vitest';
import { abTest, canary } from './strategies.js';
import { validateRouteDocument } from './validate.js';

const route = (experiment: unknown) => ({ champion: 'a', weights: { a: 50, b: 50 }, experiment });
const metric = { name: 'converted', kind: 'proportion', direction: 'increase', mde: 0.05, role: 'primary' };

describe('the experiment section of a route document', () => {
  it('accepts metrics with alpha, power and an attribution window', () => {
    const result = validateRouteDocument(
      route({ metrics: [{ ...metric, attributionWindowMs: 3_600_000 }], alpha: 0.01, power: 0.9 }),
      'checkout',
    );
    expect(result.ok).toBe(true);
  });

  it('says what is wrong, with the path', () => {
    const result = validateRouteDocument(
      route({
        metrics: [
          { ...metric, kind: 'ratio', mde: -1 },
          { ...metric, role: 'main', extra: true },
        ],
        alpha: 1,
      }),
      'checkout',
    );
    expect(result.ok ? [] : result.problems).toEqual([
      'routes.checkout.experiment.metrics.0.kind: must be "proportion" or "mean", got "ratio"',
      'routes.checkout.experiment.metrics.0.mde: must be a positive number (a relative effect, e.g. 0.05), got -1',
      'routes.checkout.experiment.metrics.1.role: must be "primary" or "guardrail", got "main"',
      'routes.checkout.experiment.metrics.1: unknown key "extra"',
      'routes.checkout.experiment.alpha: must be a number between 0 and 1 (exclusive), got 1',
    ]);
  });

  it('wants at least one metric, each name once', () => {
    const empty = validateRouteDocument(route({ metrics: [] }), 'r');
    expect(empty.ok ? [] : empty.problems).toEqual(['routes.r.experiment.metrics: must name at least one metric']);
    const twice = validateRouteDocument(route({ metrics: [metric, { ...metric, kind: 'mean' }] }), 'r');
    expect(twice.ok ? [] : twice.problems).toEqual(['routes.r.experiment.metrics.1.name: "converted" is named twice']);
  });

  it('is accepted by the abTest and canary helpers', () => {
    const experiment = { metrics: [metric as never] };
    expect(abTest({ variants: ['a', 'b'], experiment }).experiment).toEqual(experiment);
    expect(canary({ stable: 'a', canary: 'b', percent: 5, experiment }).experiment).toEqual(experiment);
    expect(() => abTest({ variants: ['a', 'b'], experiment: { metrics: [] } })).toThrow(
      /abTest\(\): routes.abTest.experiment.metrics: must name at least one metric/,
    );
  });
});
