// Seeded simulations of staged rollouts at the summary level: per tick, each variant's new values arrive as
// one summary (mean ~ N(mu, sd²/n)); the analysis is the router's own (analyzeExperiment, on the summaries of
// the version in force), and the real rolloutController decides and writes through a memoryWriter.
// 200 rollouts per scenario.
import { describe, expect, it } from 'vitest';
import { manualClock } from '../packages/core/src/clock/manual-clock.js';
import { memoryWriter, rolloutController } from '../packages/core/src/controller.js';
import { analyzeExperiment } from '../packages/core/src/experiment.js';
import { canary, memorySource, rolloutDocument, type StageAction } from '../packages/core/src/index.js';
import { mergeSummaries, type Summary } from '../packages/stats/src/index.js';
import { seededRandom } from '../packages/stats/src/testing/seeded-random.js';

const HOUR = 3_600_000;
const UNITS_PER_HOUR = 4000;
const SD = 1;
const BASELINE = 1;
const MDE = 0.05;

/** Runs one rollout to its end (complete or rollback) or 500 hours; returns the final action. */
async function rollout(seed: number, candidateMean: number): Promise<StageAction | 'timeout'> {
  const random = seededRandom(seed);
  const clock = manualClock(0);
  const document = rolloutDocument({
    score: canary({
      stable: 'v1',
      canary: 'v2',
      steps: [5, 20, 50, 100].map((weight) => ({ weight, minDurationMs: HOUR })),
    }),
  });
  const writer = memoryWriter({ source: memorySource(document), document, clock });
  const route = () => writer.document.routes.score!;
  const version = () => JSON.stringify(route().weights);
  let current = '';
  let figures: Record<string, Summary> = {};
  const controller = rolloutController({
    router: {
      route: 'score',
      get document() {
        return route();
      },
      get configVersion() {
        return version();
      },
      analysis: () =>
        analyzeExperiment({
          route: 'score',
          version: current,
          champion: 'v1',
          weights: route().weights,
          metrics: [{ name: 'value', kind: 'mean', direction: 'increase', mde: MDE, role: 'primary' }],
          exposures: { v1: figures.v1!.n, v2: figures.v2!.n },
          summaries: { value: figures },
        }),
      guardStatus: () => [],
    },
    writer,
    clock,
    intervalMs: 0,
  });
  const draw = (n: number, mu: number): Summary => {
    const variance = SD * SD * (1 + Math.sqrt(2 / (n - 1)) * random.normal());
    return { n, mean: mu + (SD / Math.sqrt(n)) * random.normal(), variance };
  };
  for (let hour = 0; hour < 500; hour++) {
    if (version() !== current) {
      // A new split: fresh figures (never pooled across versions).
      current = version();
      figures = { v1: { n: 0, mean: 0, variance: 0 }, v2: { n: 0, mean: 0, variance: 0 } };
    }
    const share = (route().weights.v2 ?? 0) / 100;
    const n2 = Math.round(UNITS_PER_HOUR * share);
    const n1 = UNITS_PER_HOUR - n2;
    if (n1 > 1) figures.v1 = mergeSummaries(figures.v1!, draw(n1, BASELINE));
    if (n2 > 1) figures.v2 = mergeSummaries(figures.v2!, draw(n2, candidateMean));
    clock.advance(HOUR);
    const decision = await controller.tick();
    if (decision.action === 'complete' || decision.action === 'rollback') return decision.action;
  }
  return 'timeout';
}

async function simulate(candidateMean: number, seed: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < 200; i++) {
    const end = await rollout(seed + i, candidateMean);
    counts[end] = (counts[end] ?? 0) + 1;
  }
  return counts;
}

describe('staged rollouts, 200 seeded simulations each', () => {
  it('an A/A candidate completes in at least 95% of rollouts', async () => {
    const counts = await simulate(BASELINE, 1000);
    expect(counts.complete ?? 0).toBeGreaterThanOrEqual(190);
  });

  it('a candidate worse by one MDE on the primary metric is rolled back in at least 80%', async () => {
    const counts = await simulate(BASELINE * (1 - MDE), 5000);
    expect(counts.rollback ?? 0).toBeGreaterThanOrEqual(160);
  });
});
