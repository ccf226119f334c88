import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { memorySource } from '../sources/memory-source.js';
import { createRouter } from './create-router.js';
import type { RejectedEvent } from './events.js';
import { captureWarnings } from '../errors/capture-warnings.test-support.js';

type Out = { score: number } | null;

describe('a caller isValid that throws', () => {
  it('counts the output as invalid instead of throwing into predict(), and feeds the guard', async () => {
    const source = memorySource({
      routes: { r: { champion: 'good', weights: { good: 0, bad: 100 }, guard: { invalidRate: 0.1, minCalls: 5 } } },
    });
    const router = await createRouter<number, Out>({
      route: 'r',
      models: { good: () => ({ score: 1 }), bad: () => null },
      source,
      fallback: 'good',
      clock: manualClock(),
      isValid: (y) => Number.isFinite(y!.score), // throws on null
    });
    for (let i = 0; i < 5; i++) await expect(router.predict(1, { unit: `u${i}` })).resolves.toBeNull();
    expect(router.decide('u0')).toMatchObject({ variant: 'good', reason: 'guard', assigned: 'bad' });
  });
});

describe('document generations', () => {
  it("does not feed a new document's guard with a call that started under the old one", async () => {
    const clock = manualClock();
    const guard = { invalidRate: 0.01, minCalls: 1 };
    const source = memorySource({
      routes: { r: { champion: 'good', weights: { good: 0, slow: 100 }, guard, version: 'same-label' } },
    });
    let finish!: (value: number) => void;
    const router = await createRouter<number, number>({
      route: 'r',
      models: { good: () => 1, slow: () => new Promise<number>((resolve) => (finish = resolve)) },
      source,
      fallback: 'good',
      clock,
    });
    const pending = router.predict(1, { unit: 'u' });
    // A new document, even under the same version label, is a new generation.
    source.set({
      routes: {
        r: {
          champion: 'good',
          weights: { good: 0, slow: 100 },
          guard,
          version: 'same-label',
          overrides: { qa: 'good' },
        },
      },
    });
    finish(Number.NaN);
    await expect(pending).resolves.toBeNaN();
    expect(router.decide('u')).toMatchObject({ variant: 'slow', reason: 'weighted' });
    expect(router.guardStatus().find((s) => s.variant === 'slow')).toMatchObject({ state: 'closed' });
  });

  it('applies its own route from a shared file even when another route of the file is invalid', async () => {
    const source = memorySource({
      routes: { a: { champion: 'x', weights: { x: 1 } }, b: { champion: 'y', weights: { y: 1 } } },
    });
    const router = await createRouter({ route: 'a', models: { x: () => 1, y: () => 2 }, source, fallback: 'x' });
    const rejected: RejectedEvent[] = [];
    router.on('rejected', (e) => rejected.push(e));
    source.set({ routes: { a: { champion: 'x', weights: { y: 1 } }, b: { champion: 'y', weights: { y: -1 } } } });
    expect(rejected).toEqual([]);
    expect(router.decide('u').variant).toBe('y');
    source.set({ routes: { a: { champion: 'x', weights: { x: -1 } }, b: { champion: 'y', weights: { y: 1 } } } });
    expect(rejected.map((e) => e.reason)).toEqual([
      'routes.a.weights.x: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got -1',
    ]);
    source.set({ route: { a: {} } });
    expect(rejected[1]!.reason).toContain('unknown key "route"');
  });
});

describe('a document rejected before anyone listens', () => {
  it('is reported as a process warning, so a bad file at start-up is never silent', async () => {
    const warnings = captureWarnings();
    const source = memorySource({ routes: { r: { champion: 'a', weights: { a: -5 } } } });
    const router = await createRouter({ route: 'r', models: { a: () => 1 }, source, fallback: 'a' });
    router.on('rejected', () => {});
    source.set({ routes: { r: { champion: 'a', weights: { a: -6 } } } }); // heard by the listener: no warning
    await new Promise((r) => setImmediate(r));
    expect(warnings).toEqual([
      {
        code: 'MODELROUTE_DOCUMENT_REJECTED',
        message:
          'modelroute: route "r" rejected a document from memory; answering with the fallback "a": routes.r.weights.a: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got -5',
      },
    ]);
  });
});
