// A router builds its experiment, review and gate state whatever the first document holds, so a document
// that adds them later is applied at once, synchronously, like any other.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../stats/src/testing/seeded-random.js';
import { manualClock } from '../clock/manual-clock.js';
import type { GateReadyEvent } from '../gate/gate-runner.js';
import { memorySource } from '../sources/memory-source.js';
import type { ReviewSignal } from '../vocabulary/review-signal.js';
import { createRouter } from './create-router.js';

const plain = { champion: 'a', weights: { a: 50, b: 50 } };
const withLoop = {
  ...plain,
  version: 'v2',
  experiment: {
    metrics: [{ name: 'converted', kind: 'proportion', direction: 'increase', mde: 0.1, role: 'primary' }],
  },
  gate: { minDays: 0 },
  review: { predictionShift: {} },
} as const;

describe('a router created from a document without experiment, review or gate', () => {
  it('runs all three as soon as a later document adds them', async () => {
    const random = seededRandom(11);
    const source = memorySource({ routes: { r: plain } });
    const router = await createRouter<number, number>({
      route: 'r',
      models: { a: () => random.normal(), b: () => random.normal() + 0.5 },
      source,
      fallback: 'a',
      clock: manualClock(),
      reviewValue: (y) => y,
      onWarning: () => undefined,
    });
    const signals: ReviewSignal[] = [];
    const ready: GateReadyEvent[] = [];
    router.on('review', (s) => signals.push(s));
    router.on('gateReady', (e) => ready.push(e));
    await router.predict(0, { unit: 'u0' });
    expect(router.track('converted', 1, { unit: 'u0' })).toBe('no_experiment');
    expect([router.analysis(), router.gateStatus()]).toEqual([undefined, undefined]);

    source.set({ routes: { r: withLoop } });
    expect(router.configVersion).toBe('v2');
    const tracked = new Set<string>();
    for (let i = 0; i < 4000; i++) {
      const { decision } = await router.predictDetailed(i, { unit: `u${i}` });
      const rate = decision.variant === 'b' ? 0.3 : 0.1;
      tracked.add(router.track('converted', random.uniform() < rate ? 1 : 0, { unit: `u${i}` }));
    }
    expect([...tracked]).toEqual(['attributed']);
    const comparison = router.analysis()?.metrics[0]?.comparisons[0];
    expect(comparison).toMatchObject({ variant: 'b', against: 'a', verdict: 'better' });
    expect(router.experimentSummary()?.version).toBe('v2');
    expect(signals.map((s) => [s.variant, s.trigger])).toEqual([['b', 'prediction_shift']]);
    expect(router.gateStatus()).toMatchObject({ ready: true, challenger: 'b' });
    expect(ready.map((e) => [e.challenger, e.version])).toEqual([['b', 'v2']]);
    await router.close();
  });
});
