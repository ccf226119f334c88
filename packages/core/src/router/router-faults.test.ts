import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { isModelrouteError } from '../errors/modelroute-error.js';
import { manualShadowScheduler } from '../shadow/manual-scheduler.js';
import type { ShadowRecord } from '../shadow/shadow-record.js';
import { memorySource } from '../sources/memory-source.js';
import type { RolloutSource, SourceSubscription } from '../sources/source.js';
import { staticSource } from '../sources/static-source.js';
import { createRouter } from './create-router.js';

const models = { a: (x: number) => x, b: (x: number) => x + 1 };
const doc = { routes: { r: { champion: 'a', weights: { a: 1 } } } };

// Collects process warnings while a test runs.
let warnings: Array<{ message: string; code?: string }> = [];
const onWarning = (w: Error & { code?: string }): void => void warnings.push({ message: w.message, code: w.code });
beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(() => void process.off('warning', onWarning));
// Warnings are delivered on process.nextTick: let them arrive.
const flushWarnings = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A source whose subscription does what `subscription` says; it never throws otherwise. */
const brokenSource = (subscribe: () => SourceSubscription): RolloutSource => ({
  name: 'broken',
  subscribe,
  close: async () => undefined,
});

describe('createRouter with a source that never becomes ready', () => {
  it('waits readyTimeoutMs, then answers with the fallback and says so', async () => {
    const never = brokenSource(() => ({ ready: new Promise(() => undefined), unsubscribe: () => undefined }));
    const router = await createRouter({ route: 'r', models, source: never, fallback: 'b', readyTimeoutMs: 20 });
    expect(await router.predict(1)).toBe(2);
    expect(router.decide('u')).toMatchObject({ variant: 'b', reason: 'fallback' });
    await flushWarnings();
    expect(warnings.map((w) => w.code)).toContain('MODELROUTE_SOURCE_NOT_READY');
    expect(warnings.find((w) => w.code === 'MODELROUTE_SOURCE_NOT_READY')!.message).toMatch(
      /source "broken" .*20 ms.*fallback "b"/,
    );
    await router.close();
  });

  it.each([Infinity, 2 ** 31, -1, Number.NaN])('rejects readyTimeoutMs %s with a clear message', async (ms) => {
    const error = await createRouter({
      route: 'r',
      models,
      source: staticSource(doc),
      fallback: 'a',
      readyTimeoutMs: ms,
    }).catch((e: unknown) => e);
    expect(isModelrouteError(error, 'invalid_options')).toBe(true);
    expect((error as Error).message).toMatch(/readyTimeoutMs.*from 0 to 2147483647/);
  });
});

describe('sources that break the contract', () => {
  it.each([
    [
      'subscribe throws',
      () => {
        throw new TypeError('boom');
      },
      /subscribe\(\) threw: boom/,
    ],
    ['subscribe returns nothing', () => undefined as unknown as SourceSubscription, /subscribe\(\) returned undefined/],
    [
      'ready rejects',
      () => ({ ready: Promise.reject(new Error('offline')), unsubscribe: () => undefined }),
      /ready rejected: offline/,
    ],
  ])('%s: createRouter rejects with source_failed and a message', async (_name, subscribe, message) => {
    const error = await createRouter({ route: 'r', models, source: brokenSource(subscribe), fallback: 'a' }).catch(
      (e: unknown) => e,
    );
    expect(isModelrouteError(error, 'source_failed')).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('"broken"');
  });

  it('an unsubscribe that throws does not make close() reject; it is reported as a warning', async () => {
    const source = brokenSource(() => ({
      ready: Promise.resolve(),
      unsubscribe: () => {
        throw new Error('already gone');
      },
    }));
    const router = await createRouter({ route: 'r', models, source, fallback: 'a' });
    await expect(router.close()).resolves.toBeUndefined();
    await flushWarnings();
    expect(warnings.map((w) => w.message).join()).toContain('already gone');
  });
});

describe('failover under a timeout', () => {
  it('bounds the failover call by guard.timeoutMs too: a hanging candidate and a hanging champion give model_timeout', async () => {
    const clock = manualClock();
    const timer = manualShadowScheduler(clock);
    const hang = (): Promise<number> => new Promise(() => undefined);
    const router = await createRouter({
      route: 'r',
      models: { champ: hang, cand: hang },
      source: memorySource({
        routes: {
          r: {
            champion: 'champ',
            weights: { champ: 0, cand: 1 },
            guard: { failover: true, timeoutMs: 50, minCalls: 1000 },
          },
        },
      }),
      fallback: 'champ',
      clock,
      guardTimer: timer,
    });
    let settled: unknown;
    router.predict(1, { unit: 'u' }).then(
      (v) => (settled = v),
      (e: unknown) => (settled = e),
    );
    await flushWarnings();
    clock.advance(50);
    timer.runDue(); // the candidate times out; the champion is called
    await flushWarnings();
    expect(settled).toBeUndefined();
    clock.advance(50);
    timer.runDue(); // the champion times out too
    await flushWarnings();
    expect(isModelrouteError(settled, 'model_timeout')).toBe(true);
    expect((settled as Error).message).toContain('"champ"');
    await router.close();
  });
});

describe('close()', () => {
  it('every close() resolves only when the shadow drain and the sink flush are done', async () => {
    const records: ShadowRecord[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const router = await createRouter({
      route: 'r',
      models: { a: (x: number) => x, s: async (x: number) => (await gate, x) },
      source: staticSource({
        routes: { r: { champion: 'a', weights: { a: 1 }, shadow: [{ model: 's', fraction: 1 }] } },
      }),
      fallback: 'a',
      shadow: { sinks: [{ write: (r) => void records.push(r) }], unit: 'omit' },
    });
    for (let i = 0; i < 50; i++) await router.predict(i);
    await flushWarnings(); // the copies start
    const order: string[] = [];
    const first = router.close().then(() => order.push(`first:${records.length}`));
    const second = router.close().then(() => order.push(`second:${records.length}`));
    await flushWarnings();
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first:50', 'second:50']);
  });
});

describe('a unit that is not a string (a JavaScript caller)', () => {
  it('is an invalid_options ModelrouteError that says what to pass, from predict and decide alike', async () => {
    const router = await createRouter({ route: 'r', models, source: staticSource(doc), fallback: 'a' });
    for (const [unit, shown] of [
      [12345, '12345'],
      [null, 'null'],
      [{ id: 'u1' }, 'an object'],
    ] as const) {
      const message = `unit must be a string (a user or session id; leave it out for a call without one), got ${shown}; pass String(id)`;
      const error = await router.predict(1, { unit: unit as unknown as string }).catch((e: unknown) => e);
      expect(isModelrouteError(error) && error.code).toBe('invalid_options');
      expect((error as Error).message).toBe(message);
      expect(() => router.decide(unit as unknown as string)).toThrow(message);
    }
    expect(await router.predict(1, { unit: 'u1' })).toBe(1);
    await router.close();
  });
});
