import { describe, expect, it } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { staticSource } from '../sources/static-source.js';
import type { ShadowRecord } from './shadow-record.js';

const doc = { routes: { r: { champion: 'a', weights: { a: 1 }, shadow: [{ model: 's', fraction: 1 }] } } };

describe('shadow copies in a batch loop', () => {
  it.each([
    ['sync', (x: number) => x],
    ['async', async (x: number) => x],
  ])(
    '500 awaited predict calls with an instant %s shadow mirror all 500: nothing is backed up, nothing dropped',
    async (_kind, shadowModel) => {
      const records: ShadowRecord[] = [];
      const router = await createRouter({
        route: 'r',
        models: { a: (x: number) => x, s: shadowModel },
        source: staticSource(doc),
        fallback: 'a',
        shadow: { sinks: [{ write: (r) => void records.push(r) }], unit: 'omit' }, // maxInFlight: the default 100
      });
      for (let i = 0; i < 500; i++) await router.predict(i); // a batch job: the event loop never turns
      await router.close();
      expect(records).toHaveLength(500);
      expect(records.every((r) => r.comparison === 'agree')).toBe(true);
    },
  );

  it('when the shadow model really is backed up, copies are dropped and memory stays bounded', async () => {
    const pending: Array<() => void> = [];
    let called = 0;
    const records: ShadowRecord[] = [];
    const router = await createRouter({
      route: 'r',
      models: {
        a: (x: number) => x,
        s: (x: number) => {
          called++;
          return new Promise<number>((resolve) => pending.push(() => resolve(x)));
        },
      },
      source: staticSource(doc),
      fallback: 'a',
      shadow: { maxInFlight: 10, sinks: [{ write: (r) => void records.push(r) }], unit: 'omit' },
    });
    for (let i = 0; i < 500; i++) await router.predict(i);
    await new Promise((resolve) => setImmediate(resolve));
    expect(called).toBe(10); // maxInFlight calls pending in the shadow model, and nothing queued behind them
    pending.splice(0).forEach((release) => release());
    await router.close();
    expect(called).toBe(10); // the other 490 copies were dropped, not kept waiting
    expect(records).toHaveLength(10);
  });
});
