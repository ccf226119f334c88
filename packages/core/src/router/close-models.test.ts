import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from './create-router.js';
import type { Model } from '../vocabulary/model.js';
import { staticSource } from '../sources/static-source.js';

const doc = { routes: { r: { champion: 'a', weights: { a: 1 } } } };

describe('router.close() and the models it owns', () => {
  afterEach(() => vi.restoreAllMocks());

  it('calls close() once on each model that has one, even when it serves under two ids, and not before', async () => {
    let closes = 0;
    const owned: Model<number, number> = Object.assign((x: number) => x, {
      close: async () => {
        closes++;
      },
    });
    const router = await createRouter({
      route: 'r',
      models: { a: owned, b: owned, c: (x: number) => x },
      source: staticSource(doc),
      fallback: 'a',
    });
    expect(await router.predict(2)).toBe(2);
    expect(closes).toBe(0);
    await router.close();
    await router.close();
    expect(closes).toBe(1);
  });

  it('turns a close() that throws into a warning; close() still resolves', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const failing: Model<number, number> = Object.assign((x: number) => x, {
      close: () => {
        throw new Error('pool stuck');
      },
    });
    const router = await createRouter({ route: 'r', models: { a: failing }, source: staticSource(doc), fallback: 'a' });
    await expect(router.close()).resolves.toBeUndefined();
    expect(String(warn.mock.calls[0]?.[0])).toContain('closing a model failed: pool stuck');
  });
});
