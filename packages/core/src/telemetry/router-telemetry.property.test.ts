import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { createRouter } from '../router/create-router.js';
import { staticSource } from '../sources/static-source.js';
import { ATTR, INSTRUMENTS } from './instruments.js';
import { OUTCOMES } from './model-slot.js';
import { collect, sdkProvider, values } from './metrics.test-support.js';

// For any sequence of calls (any units, inputs and outcomes): the histogram counts per (variant, outcome)
// and the decision counts equal what the calls did, and no unit, input or output is ever an attribute.

interface Call {
  unit: string | undefined;
  payload: string;
  kind: 'ok' | 'error' | 'invalid';
  ms: number;
}
const call = fc.record({
  unit: fc.option(
    fc.string({ maxLength: 12 }).map((s) => `unit:${s}`),
    { nil: undefined },
  ),
  payload: fc.string({ maxLength: 12 }).map((s) => `input:${s}`),
  kind: fc.constantFrom('ok', 'error', 'invalid'),
  ms: fc.integer({ min: 0, max: 20_000 }).map((n) => n / 2),
}) as fc.Arbitrary<Call>;

describe('router telemetry, for any sequence of calls', () => {
  it('counts exactly and never leaks a unit, input or output into attributes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(call, { maxLength: 60 }), fc.integer({ min: 0, max: 100 }), async (calls, share) => {
        const clock = manualClock();
        let ran = '';
        const model =
          (id: string) =>
          (x: Call): string | undefined => {
            ran = id;
            clock.advance(x.ms);
            if (x.kind === 'error') throw new Error(`failed ${x.payload}`);
            return x.kind === 'invalid' ? undefined : `output:${x.payload}`;
          };
        const { provider, reader } = sdkProvider();
        const doc = { routes: { r: { champion: 'a', weights: { a: 100 - share, b: share } } } };
        const router = await createRouter<Call, string | undefined>({
          route: 'r',
          models: { a: model('a'), b: model('b') },
          source: staticSource(doc),
          fallback: 'a',
          clock,
          meterProvider: provider,
        });

        const expectedCalls: Record<string, number> = {};
        const expectedDecisions: Record<string, number> = {};
        for (const c of calls) {
          const result = await router
            .predictDetailed(c, c.unit === undefined ? undefined : { unit: c.unit })
            .catch(() => undefined);
          // A failed call returns no decision: the model that ran tells the variant.
          const variant = ran;
          const reason = result?.decision.reason ?? (c.unit === undefined ? 'random' : 'weighted');
          expectedCalls[`${variant}|${c.kind}`] = (expectedCalls[`${variant}|${c.kind}`] ?? 0) + 1;
          expectedDecisions[`${variant}|${reason}`] = (expectedDecisions[`${variant}|${reason}`] ?? 0) + 1;
        }
        const points = await collect(reader);
        expect(
          values(points, INSTRUMENTS.predictionDuration.name, [ATTR.variant, ATTR.outcome], (p) => p.count),
        ).toEqual(expectedCalls);
        expect(values(points, INSTRUMENTS.decisions.name, [ATTR.variant, ATTR.reason])).toEqual(expectedDecisions);
        const allowed = new Set<unknown>([
          'r',
          'a',
          'b',
          'primary',
          ...OUTCOMES,
          'weighted',
          'random',
          'applied',
          'rejected',
          'error',
          'unknown_model',
          'timeout',
          'error_rate',
          'p99_latency',
          'invalid_rate',
          'closed',
          'open',
          'half_open',
        ]);
        for (const p of points) for (const v of Object.values(p.attributes)) expect(allowed.has(v)).toBe(true);
        await router.close();
      }),
      { numRuns: 60 },
    );
  });
});
