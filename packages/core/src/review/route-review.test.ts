import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../stats/src/testing/seeded-random.js';
import type { Analysis } from '../experiment/analysis.js';
import { resolveReviewConfig } from './review-config.js';
import { RouteReview } from './route-review.js';

const review = (config: Parameters<typeof resolveReviewConfig>[0], hasExperiment = false) =>
  new RouteReview({
    route: 'score',
    version: 'v1',
    champion: 'a',
    config: resolveReviewConfig(config, hasExperiment),
    now: () => 42,
  });

/** 50/50 traffic: n calls, the champion's outputs N(0, 1), the candidate's N(shift, 1). */
function runShift(seed: number, shift: number, calls = 5000) {
  const random = seededRandom(seed);
  const r = review({ predictionShift: {} });
  const raised = [];
  for (let i = 0; i < calls; i++) {
    const variant = i % 2 === 0 ? 'a' : 'b';
    const signal = r.observeOutput(variant, random.normal() + (variant === 'b' ? shift : 0));
    if (signal !== undefined) raised.push(signal);
  }
  return { r, raised };
}

describe('prediction shift', () => {
  it('raises a review by 5,000 predictions when the outputs move by half a standard deviation', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { r, raised } = runShift(seed, 0.5);
      expect(raised).toHaveLength(1);
      expect(raised[0]).toMatchObject({ route: 'score', variant: 'b', against: 'a', trigger: 'prediction_shift' });
      expect(r.predictionShift('b')!.psi).toBeGreaterThanOrEqual(0.1);
      expect(r.predictionShift('b')!.psi).toBeLessThan(0.45); // the population PSI on deciles is about 0.24
    }
  });

  it('stays quiet for an identical distribution in at least 99% of 200 seeded runs of 5,000', () => {
    let raisedRuns = 0;
    for (let seed = 100; seed < 300; seed++) if (runShift(seed, 0).raised.length > 0) raisedRuns++;
    expect(raisedRuns).toBeLessThanOrEqual(2);
  });

  it('catches labels moving from 60/30/10 to 40/50/10', () => {
    const random = seededRandom(7);
    const pick = (p: readonly number[]) => {
      const u = random.uniform();
      return u < p[0]! ? 'approve' : u < p[0]! + p[1]! ? 'review' : 'deny';
    };
    const r = review({ predictionShift: {} });
    const raised = [];
    for (let i = 0; i < 5000; i++) {
      const s = i % 2 === 0 ? r.observeOutput('a', pick([0.6, 0.3])) : r.observeOutput('b', pick([0.4, 0.5]));
      if (s !== undefined) raised.push(s);
    }
    expect(raised.map((s) => s.trigger)).toEqual(['prediction_shift']);
    expect(r.predictionShift('b')!.bins).toEqual(['approve', 'review', 'deny', 'other']);
  });

  it('counts in the bins a document gives, from the first prediction', () => {
    const r = review({ predictionShift: { bins: [0.25, 0.5, 0.75], minPredictions: 4 } });
    for (const v of [0.1, 0.3, 0.6, 0.9]) r.observeOutput('a', v);
    for (const v of [0.9, 0.8, 0.95, 1]) r.observeOutput('b', v);
    const figures = r.predictionShift('b')!;
    expect(figures.championCounts).toEqual([1, 1, 1, 1]);
    expect(figures.counts).toEqual([0, 0, 0, 4]);
    expect(r.signals(['a', 'b']).map((s) => s.variant)).toEqual(['b']);
  });

  it('skips outputs that are neither finite numbers nor labels, and never judges before the minimum', () => {
    const r = review({ predictionShift: { minPredictions: 10 } });
    for (let i = 0; i < 9; i++) r.observeOutput('a', i);
    r.observeOutput('a', Number.NaN);
    r.observeOutput('a', { score: 1 });
    expect(r.predictionShift('b')).toBeUndefined();
    r.observeOutput('a', 9);
    for (let i = 0; i < 9; i++) r.observeOutput('b', 100 + i);
    expect(r.predictionShift('b')).toBeUndefined(); // 9 of the candidate's 10
    r.observeOutput('b', 200);
    expect(r.predictionShift('b')!.psi).toBeGreaterThan(1);
  });
});

describe('attribution shift', () => {
  const importance = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  const explain = (means: readonly number[], noise: () => number) =>
    Object.fromEntries(means.map((m, i) => [`f${i}`, (i % 2 === 0 ? 1 : -1) * m * (1 + 0.1 * noise())]));

  function run(candidate: readonly number[]) {
    const random = seededRandom(11);
    const r = review({ attributionShift: {} });
    const raised = [];
    for (let i = 0; i < 400; i++) {
      const s =
        i % 2 === 0
          ? r.observeAttributions('a', explain(importance, random.normal))
          : r.observeAttributions('b', explain(candidate, random.normal));
      if (s !== undefined) raised.push(s);
    }
    return raised;
  }

  it('catches the most and the least important of ten features swapping places', () => {
    const swapped = [1, 9, 8, 7, 6, 5, 4, 3, 2, 10];
    const raised = run(swapped);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.trigger).toBe('attribution_shift');
    expect(raised[0]!.figures.missingTopFeatures).toEqual([]);
    expect(raised[0]!.figures.rankCorrelation as number).toBeLessThan(0.8);
  });

  it('lets two adjacent features swap places', () => {
    expect(run([10, 9, 8, 7, 5, 6, 4, 3, 2, 1])).toEqual([]);
  });

  it("raises when one of the champion's top-5 features leaves the candidate's top 10", () => {
    const r = review({ attributionShift: { minExplained: 1, minRankCorrelation: 0 } });
    const features = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}`, 12 - i]));
    r.observeAttributions('a', features);
    r.observeAttributions('b', { ...features, f0: 0 });
    expect(r.signals(['a', 'b'])[0]!.figures.missingTopFeatures).toEqual(['f0']);
  });
});

describe('metric regression', () => {
  const analysis = (verdict: 'collecting' | 'worse' | 'invalid', ci: [number, number], lift: number): Analysis => ({
    route: 'score',
    version: 'v1',
    champion: 'a',
    alpha: 0.05,
    power: 0.8,
    srm: { pValue: 0.5, mismatch: false, exposures: { a: 1000, b: 1000 } },
    metrics: [
      {
        name: 'conversion',
        kind: 'proportion',
        direction: 'increase',
        role: 'primary',
        mde: 0.05,
        variants: { a: { n: 1000, mean: 0.1, sd: 0.3 }, b: { n: 1000, mean: 0.1 * (1 + lift), sd: 0.3 } },
        comparisons: [
          {
            variant: 'b',
            against: 'a',
            difference: 0.1 * lift,
            ci,
            relativeLift: lift,
            pValue: 0.01,
            alwaysValidPValue: 0.2,
            requiredSamplePerVariant: 50_000,
            verdict,
          },
        ],
      },
    ],
  });

  it('raises when the estimate is worse than the MDE and the interval excludes 0, before the rollback rule', () => {
    const r = review({}, true);
    expect(r.observeAnalysis(analysis('collecting', [-0.02, -0.001], -0.08)).map((s) => s.trigger)).toEqual([
      'metric_regression',
    ]);
    expect(r.observeAnalysis(analysis('collecting', [-0.02, -0.001], -0.08))).toEqual([]); // once per version
  });

  it('stays quiet within the MDE, with an interval over 0, once the rollback rule is met, or under SRM', () => {
    for (const [verdict, ci, lift] of [
      ['collecting', [-0.02, -0.001], -0.03],
      ['collecting', [-0.02, 0.001], -0.08],
      ['worse', [-0.02, -0.001], -0.08],
      ['invalid', [-0.02, -0.001], -0.08],
    ] as const)
      expect(review({}, true).observeAnalysis(analysis(verdict, [...ci], lift))).toEqual([]);
    expect(
      review({ metricRegression: false }, true).observeAnalysis(analysis('collecting', [-0.02, -0.001], -0.08)),
    ).toEqual([]);
  });
});
