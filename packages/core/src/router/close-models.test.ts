import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from './create-router.js';
import type { Model } from '../vocabulary/model.js';
import { staticSource } from '../sources/static-source.js';
import { manualClock } from '../clock/manual-clock.js';
import { manualShadowScheduler } from '../shadow/manual-scheduler.js';
import type { ModelrouteWarning } from '../vocabulary/warning.js';

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

  it('does not wait forever for a close() that never settles: past modelCloseTimeoutMs it warns and resolves, and the other models are closed', async () => {
    const clock = manualClock();
    const scheduler = manualShadowScheduler(clock);
    const warnings: ModelrouteWarning[] = [];
    let closed = 0;
    const stuck: Model<number, number> = Object.assign((x: number) => x, { close: () => new Promise<void>(() => {}) });
    const fine: Model<number, number> = Object.assign((x: number) => x, {
      close: async () => {
        closed++;
      },
    });
    const router = await createRouter({
      route: 'r',
      models: { a: stuck, b: fine },
      source: staticSource(doc),
      fallback: 'a',
      modelCloseTimeoutMs: 3000,
      shadow: { scheduler },
      onWarning: (w) => warnings.push(w),
    });
    let done = false;
    const closing = router.close().then(() => {
      done = true;
    });
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    expect(closed).toBe(1);
    clock.advance(2999);
    scheduler.runDue();
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    clock.advance(1);
    scheduler.runDue();
    await closing;
    expect(warnings.map((w) => w.code)).toEqual(['MODELROUTE_MODEL_CLOSE_TIMEOUT']);
    expect(warnings[0]?.message).toContain('closing a model did not finish within modelCloseTimeoutMs (3000 ms)');
  });

  it('refuses a modelCloseTimeoutMs that is no time limit', async () => {
    for (const bad of [0, -1, Number.NaN, 2 ** 31, '5000'])
      await expect(
        createRouter({
          route: 'r',
          models: { a: (x: number) => x },
          source: staticSource(doc),
          fallback: 'a',
          modelCloseTimeoutMs: bad as number,
        }),
      ).rejects.toThrow(/modelCloseTimeoutMs/);
  });
});
