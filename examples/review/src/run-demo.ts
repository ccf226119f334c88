import { createRouter, staticSource, type ReviewSignal } from '@modelroute/core';
import { type Applicant, applicants, explain, type Score, score } from './credit-models.js';

/** What the demo saw. */
export interface DemoResult {
  readonly calls: number;
  readonly signals: readonly ReviewSignal[];
  /** Calls whose variant differed from what `decide()` said before the call: always 0 (reviews never move traffic). */
  readonly movedDecisions: number;
  readonly shares: Readonly<Record<string, number>>;
}

/**
 * A 50/50 A/B of two credit models with `review` on: prediction shift on the risk score, attribution
 * shift from `explain` on 20% of calls. Returns the signals raised, at the call they were raised.
 */
export async function runDemo({ calls = 6000, log = (_: string) => {} } = {}): Promise<DemoResult> {
  const next = applicants(7);
  const router = await createRouter<Applicant, Score>({
    route: 'credit-risk',
    models: { 'credit-v1': (a) => score('credit-v1', a), 'credit-v2': (a) => score('credit-v2', a) },
    source: staticSource({
      routes: {
        'credit-risk': {
          champion: 'credit-v1',
          weights: { 'credit-v1': 50, 'credit-v2': 50 },
          review: {
            predictionShift: { psi: 0.1, minPredictions: 1000 },
            attributionShift: { minRankCorrelation: 0.8, fraction: 0.2, minExplained: 200 },
          },
        },
      },
    }),
    fallback: 'credit-v1',
    reviewValue: (y) => y.risk,
    explain: (a, y) => explain(y.model, a),
  });
  let lastUnit = 0;
  const signals: ReviewSignal[] = [];
  router.on('review', (s) => {
    signals.push(s);
    log(`call ${lastUnit + 1}: REVIEW ${s.trigger} on ${s.variant}: ${s.message}`);
  });
  let movedDecisions = 0;
  for (let i = 0; i < calls; i++) {
    lastUnit = i;
    const unit = `applicant-${i}`;
    const before = router.decide(unit).variant;
    const { decision } = await router.predictDetailed(next(), { unit });
    if (decision.variant !== before) movedDecisions++;
    await new Promise((resolve) => setImmediate(resolve)); // let the sampled explain calls run
  }
  const shares = router.decide().shares;
  await router.close();
  return { calls, signals, movedDecisions, shares };
}
