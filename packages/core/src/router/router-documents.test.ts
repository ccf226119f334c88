import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isModelrouteError } from '../errors/modelroute-error.js';
import { DEFAULT_MAX_DOCUMENT_BYTES } from '../rollout/document-size.js';
import { WEIGHT_MAX, WEIGHT_MIN } from '../rollout/weight-range.js';
import { memorySource } from '../sources/memory-source.js';
import type { RejectedEvent } from './events.js';
import { createRouter } from './create-router.js';
import type { Router } from './router.js';

const models = { a: () => 'a', b: () => 'b', c: () => 'c', fb: () => 'fb' };
const routeDoc = (weights: Record<string, number>, extra: Record<string, unknown> = {}) => ({
  champion: 'a',
  weights,
  salt: 'docs-test',
  ...extra,
});

let routers: Array<Router<unknown, string>> = [];
afterEach(async () => {
  await Promise.all(routers.map((r) => r.close()));
  routers = [];
});
async function routerOn(source: ReturnType<typeof memorySource>, route = 'r', extra = {}) {
  const router = await createRouter<unknown, string>({ route, models, source, fallback: 'fb', ...extra });
  routers.push(router);
  const rejected: RejectedEvent[] = [];
  router.on('rejected', (e) => rejected.push(e));
  return { router, rejected };
}

describe('weights across the accepted range', () => {
  it('rejects weights scaled out of the range instead of routing them differently', async () => {
    const source = memorySource({ routes: { r: routeDoc({ a: 1, b: 1 }) } });
    const { router, rejected } = await routerOn(source);
    const before = Array.from({ length: 2000 }, (_, i) => router.decide(`u${i}`).variant);
    source.set({ routes: { r: routeDoc({ a: 1e308, b: 1e308 }) } });
    expect(rejected[0]!.reason).toContain('routes.r.weights.a: must be 0 or a number from 1e-9 to 1000000000');
    source.set({ routes: { r: routeDoc({ a: 5e-324, b: 5e-324 }) } });
    expect(rejected).toHaveLength(2);
    expect(Array.from({ length: 2000 }, (_, i) => router.decide(`u${i}`).variant)).toEqual(before);
  });

  it('at the top of the range, unit-less calls and shares follow the ratios', async () => {
    const source = memorySource({ routes: { r: routeDoc({ a: WEIGHT_MAX, b: WEIGHT_MAX, c: WEIGHT_MIN }) } });
    const { router } = await routerOn(source);
    const d = router.decide();
    expect(d.shares!.a).toBeCloseTo(0.5, 12);
    expect(d.shares!.b).toBeCloseTo(0.5, 12);
    const seen = new Set(Array.from({ length: 200 }, () => router.decide().variant));
    expect(seen).toEqual(new Set(['a', 'b']));
  });

  it('property: scaling every weight by any factor that keeps them in range changes no assignment', async () => {
    const source = memorySource({ routes: { r: routeDoc({ a: 1 }) } });
    const { router, rejected } = await routerOn(source);
    const units = Array.from({ length: 200 }, (_, i) => `unit-${i}`);
    const decisions = (): string[] => units.map((u) => router.decide(u).variant);
    const inRange = (w: number): boolean => w >= WEIGHT_MIN && w <= WEIGHT_MAX;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -9, max: 9, noNaN: true }), { minLength: 2, maxLength: 3 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (exponents, at) => {
          const ws = exponents.map((e) => Math.min(WEIGHT_MAX, Math.max(WEIGHT_MIN, 10 ** e)));
          // A factor anywhere between the smallest and the largest that keeps every weight in range.
          const low = Math.log10(WEIGHT_MIN / Math.min(...ws));
          const high = Math.log10(WEIGHT_MAX / Math.max(...ws));
          const factor = 10 ** (low + (high - low) * at);
          const scaled = ws.map((w) => w * factor);
          fc.pre(scaled.every(inRange));
          const ids = ['a', 'b', 'c'];
          source.set({ routes: { r: routeDoc(Object.fromEntries(ws.map((w, i) => [ids[i], w]))) } });
          const original = decisions();
          source.set({ routes: { r: routeDoc(Object.fromEntries(scaled.map((w, i) => [ids[i], w]))) } });
          expect(rejected).toEqual([]);
          expect(decisions()).toEqual(original);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ids a document cannot carry', () => {
  it('a "__proto__" model id is rejected with a clear message, never applied as if it were absent', async () => {
    const source = memorySource();
    const { router, rejected } = await routerOn(source);
    source.set('{"routes":{"r":{"champion":"a","weights":{"__proto__":50,"a":50}}}}');
    expect(router.configVersion).toBeUndefined();
    expect(rejected[0]!.reason).toContain('routes.r.weights["__proto__"]: "__proto__" cannot be used');
  });

  it('createRouter refuses "__proto__" as a route or a model id, and a model id with a lone surrogate', async () => {
    const source = memorySource();
    for (const options of [
      { route: '__proto__', models, fallback: 'fb' },
      { route: 'r', models: { ...models, ['__proto__']: () => 'p' }, fallback: 'fb' },
      { route: 'r', models: { ...models, 'x\uD800': () => 'p' }, fallback: 'fb' },
    ]) {
      const error = await createRouter<unknown, string>({ ...options, source }).catch((e: unknown) => e);
      expect(isModelrouteError(error, 'invalid_options'), String(error)).toBe(true);
    }
  });
});

describe('document size', () => {
  const bigOverrides = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`user-${i}`, 'b']));

  it('rejects JSON text over maxDocumentBytes before parsing it, and says the limit', async () => {
    const source = memorySource();
    const { router, rejected } = await routerOn(source, 'r', { maxDocumentBytes: 10_000 });
    const parse = vi.spyOn(JSON, 'parse');
    source.set(JSON.stringify({ routes: { r: routeDoc({ a: 1 }, { overrides: bigOverrides(1000) }) } }));
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
    expect(router.configVersion).toBeUndefined();
    expect(rejected[0]!.reason).toMatch(/^the document is \d+ bytes, over the limit of 10000 bytes/);
  });

  it('rejects a route given as a value when its JSON is over the limit; the default is 1 MiB', async () => {
    expect(DEFAULT_MAX_DOCUMENT_BYTES).toBe(1_048_576);
    const source = memorySource();
    const { rejected } = await routerOn(source);
    source.set({ routes: { r: routeDoc({ a: 1 }, { overrides: bigOverrides(70_000) }) } });
    expect(rejected[0]!.reason).toMatch(/^routes\.r is \d+ bytes, over the limit of 1048576 bytes/);
  });

  it('parses a shared JSON text once for all the routers of its routes', async () => {
    const source = memorySource();
    await routerOn(source, 'r');
    await routerOn(source, 's');
    const parse = vi.spyOn(JSON, 'parse');
    source.set(JSON.stringify({ routes: { r: routeDoc({ a: 1 }), s: routeDoc({ b: 1 }, { champion: 'b' }) } }));
    expect(parse).toHaveBeenCalledTimes(1);
    parse.mockRestore();
    expect(routers.map((r) => r.configVersion !== undefined)).toEqual([true, true]);
  });
});
