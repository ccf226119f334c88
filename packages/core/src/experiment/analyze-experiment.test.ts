import {
  MsprtMonitor,
  sampleSize,
  sampleSizeProportions,
  srmTest,
  twoProportionZTest,
  welchTTest,
  type Summary,
} from '@modelroute/stats';
import { describe, expect, it } from 'vitest';
import { analyzeExperiment, type ExperimentFigures } from './analyze-experiment.js';
import { experimentRouter, seeded } from './experiment.test-support.js';

describe('router.analysis()', () => {
  it('equals @modelroute/stats on the same counts', async () => {
    const { router } = await experimentRouter({ a: 50, b: 50 });
    const random = seeded(7);
    const values: Record<string, { converted: number[]; revenue: number[] }> = {
      a: { converted: [], revenue: [] },
      b: { converted: [], revenue: [] },
    };
    for (let i = 0; i < 4000; i++) {
      const unit = `u${i}`;
      const { decision } = await router.predictDetailed(1, { unit });
      const converted = random() < (decision.variant === 'a' ? 0.1 : 0.13) ? 1 : 0;
      const revenue = Math.round(random() * 4000) / 100 + (decision.variant === 'a' ? 0 : 1);
      router.track('converted', converted, { unit });
      router.track('revenue', revenue, { unit });
      values[decision.variant]!.converted.push(converted);
      values[decision.variant]!.revenue.push(revenue);
    }
    const analysis = router.analysis()!;

    const n = { a: values.a!.converted.length, b: values.b!.converted.length };
    const srm = srmTest(n, { a: 50, b: 50 }, { threshold: 0.001 });
    expect(analysis.srm).toEqual({ pValue: srm.pValue, mismatch: srm.mismatch, exposures: n });
    expect(analysis).toMatchObject({ route: 'checkout', champion: 'a', alpha: 0.05, power: 0.8 });

    // Proportion: two-proportion z; mSPRT in the summary form with the Bernoulli variance.
    const successes = { a: sum(values.a!.converted), b: sum(values.b!.converted) };
    const z = twoProportionZTest({ n: n.a, successes: successes.a }, { n: n.b, successes: successes.b });
    const [pa, pb] = [successes.a / n.a, successes.b / n.b];
    const bern = (count: number, p: number): Summary => ({ n: count, mean: p, variance: p * (1 - p) });
    const avp = new MsprtMonitor({ tau2: (0.2 * pa) ** 2 }).observeSummaries(bern(n.a, pa), bern(n.b, pb)).pValue;
    const converted = analysis.metrics[0]!;
    expect(converted.variants.a).toEqual({ n: n.a, mean: pa, sd: Math.sqrt((n.a * pa * (1 - pa)) / (n.a - 1)) });
    expect(converted.comparisons).toEqual([
      {
        variant: 'b',
        against: 'a',
        difference: pb - pa,
        ci: z.ci,
        relativeLift: (pb - pa) / pa,
        pValue: z.pValue,
        alwaysValidPValue: avp,
        requiredSamplePerVariant: sampleSizeProportions({ p: pa, mde: 0.2 * pa }),
        verdict:
          avp < 0.05
            ? 'better'
            : Math.min(n.a, n.b) >= sampleSizeProportions({ p: pa, mde: 0.2 * pa })
              ? 'inconclusive'
              : 'collecting',
      },
    ]);

    // Mean: Welch; mSPRT in the summary form; sample size from the champion's sd.
    const sa = summary(values.a!.revenue);
    const sb = summary(values.b!.revenue);
    const revenue = analysis.metrics[1]!;
    const welch = welchTTest(sa, sb);
    const comparison = revenue.comparisons[0]!;
    expect(comparison.pValue).toBeCloseTo(welch.pValue, 12);
    expect(comparison.ci[0]).toBeCloseTo(welch.ci[0], 10);
    expect(comparison.ci[1]).toBeCloseTo(welch.ci[1], 10);
    expect(comparison.difference).toBeCloseTo(sb.mean - sa.mean, 10);
    expect(comparison.alwaysValidPValue).toBeCloseTo(
      new MsprtMonitor({ tau2: (0.1 * sa.mean) ** 2 }).observeSummaries(sa, sb).pValue,
      10,
    );
    expect(comparison.requiredSamplePerVariant).toBe(sampleSize({ sd: Math.sqrt(sa.variance), mde: 0.1 * sa.mean }));
    expect(revenue.variants.b!.sd).toBeCloseTo(Math.sqrt(sb.variance), 10);
  });
});

const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);
function summary(xs: number[]): Summary {
  const mean = sum(xs) / xs.length;
  return { n: xs.length, mean, variance: sum(xs.map((x) => (x - mean) ** 2)) / (xs.length - 1) };
}

const figures = (
  exposures: Record<string, number>,
  counts: Record<string, [n: number, successes: number]>,
  metric: ExperimentFigures['metrics'][number] = {
    name: 'converted',
    kind: 'proportion',
    direction: 'increase',
    mde: 0.2,
    role: 'primary',
  },
) =>
  ({
    route: 'r',
    version: 'v1',
    champion: 'a',
    weights: { a: 50, b: 50 },
    metrics: [metric],
    exposures,
    summaries: {
      [metric.name]: Object.fromEntries(
        Object.entries(counts).map(([v, [n, s]]) => [
          v,
          { n, mean: s / n, variance: (n * (s / n) * (1 - s / n)) / (n - 1) },
        ]),
      ),
    },
  }) satisfies ExperimentFigures;

describe('analyzeExperiment', () => {
  it('collects before there is data, with no NaN anywhere', () => {
    const analysis = analyzeExperiment(figures({}, {}));
    const [comparison] = analysis.metrics[0]!.comparisons;
    expect(comparison).toEqual({
      variant: 'b',
      against: 'a',
      difference: 0,
      ci: [-Infinity, Infinity],
      relativeLift: null,
      pValue: 1,
      alwaysValidPValue: 1,
      requiredSamplePerVariant: Infinity,
      verdict: 'collecting',
    });
    expect(analysis.srm).toEqual({ pValue: 1, mismatch: false, exposures: { a: 0, b: 0 } });
  });

  it('turns every verdict into invalid on a sample ratio mismatch', () => {
    const analysis = analyzeExperiment(figures({ a: 48_000, b: 52_000 }, { a: [48_000, 4800], b: [52_000, 7800] }));
    expect(analysis.srm.mismatch).toBe(true);
    expect(analysis.metrics[0]!.comparisons[0]!.verdict).toBe('invalid');
  });

  it('says inconclusive when the required sample is reached without a significant difference', () => {
    const analysis = analyzeExperiment(figures({ a: 10_000, b: 10_000 }, { a: [10_000, 1000], b: [10_000, 1001] }));
    const [comparison] = analysis.metrics[0]!.comparisons;
    expect(comparison!.requiredSamplePerVariant).toBeLessThan(10_000);
    expect(comparison!.verdict).toBe('inconclusive');
  });

  it('sees a candidate much worse than a champion with no events so far (the MDE on the pooled rate)', () => {
    const n = 5000;
    const guardrail = {
      name: 'error',
      kind: 'proportion',
      direction: 'decrease',
      mde: 0.1,
      role: 'guardrail',
    } as const;
    const zero = figures({ a: n, b: n }, { a: [n, 0], b: [n, 1500] }, guardrail);
    const [c] = analyzeExperiment(zero).metrics[0]!.comparisons;
    expect(c!.alwaysValidPValue).toBeLessThan(0.05);
    expect(c!.verdict).toBe('worse');
    expect(c!.requiredSamplePerVariant).toBeLessThan(Infinity);
  });

  it('sizes the sample of a proportion near 1 whose MDE would pass 100% (a 99% success rate, +2%)', () => {
    const n = 100_000;
    const ok = { name: 'ok', kind: 'proportion', direction: 'increase', mde: 0.02, role: 'primary' } as const;
    const high = figures({ a: n, b: n }, { a: [n, 99_000], b: [n, 99_000] }, ok);
    const [c] = analyzeExperiment(high).metrics[0]!.comparisons;
    expect(c!.requiredSamplePerVariant).toBe(sampleSizeProportions({ p: 0.99, mde: -0.0198, alpha: 0.05, power: 0.8 }));
    expect(c!.verdict).toBe('inconclusive');
  });

  it('reads direction: a significant drop of a "decrease" metric is better, of an "increase" metric worse', () => {
    const base = figures({ a: 10_000, b: 10_000 }, { a: [10_000, 1000], b: [10_000, 700] });
    expect(analyzeExperiment(base).metrics[0]!.comparisons[0]!.verdict).toBe('worse');
    const decrease = { ...base, metrics: [{ ...base.metrics[0]!, direction: 'decrease' as const }] };
    expect(analyzeExperiment(decrease).metrics[0]!.comparisons[0]!.verdict).toBe('better');
  });
});
