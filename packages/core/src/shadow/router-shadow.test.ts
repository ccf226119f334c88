import type { RolloutDocument, ShadowTarget } from '../rollout/schema.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { isModelrouteError } from '../errors/modelroute-error.js';
import { createRouter } from '../router/create-router.js';
import type { Model } from '../vocabulary/model.js';
import { staticSource } from '../sources/static-source.js';
import { callbackSink } from './callback-sink.js';
import { jsonLinesSink } from './json-lines-sink.js';
import { manualShadowScheduler } from './manual-scheduler.js';
import type { ShadowOptions } from './shadow-options.js';
import type { ShadowRecord } from './shadow-record.js';
import { deferred } from './shadow.test-support.js';

// A configured key, as in production: records carry a unit pseudonym, and no router warns that it has none.
const PSEUDONYM_TEST_KEY = 'router-shadow-test-key';

const doc = (shadow: ShadowTarget[] | undefined): RolloutDocument => ({
  routes: { fraud: { champion: 'v3', weights: { v3: 80, v4: 20 }, version: 'doc-1', ...(shadow ? { shadow } : {}) } },
});
const primaries = { v3: (x: number) => ({ score: x * 3 }), v4: async (x: number) => ({ score: x * 4 }) };

async function pair(
  shadowModel: Model<number, { score: number }>,
  options: Partial<ShadowOptions<number, { score: number }>> = {},
  sampling: 'call' | 'unit' = 'call',
) {
  const clock = manualClock();
  const scheduler = manualShadowScheduler(clock);
  const records: ShadowRecord[] = [];
  const models = { ...primaries, v5: shadowModel };
  const plain = await createRouter({
    route: 'fraud',
    models,
    source: staticSource(doc(undefined)),
    fallback: 'v3',
    clock,
  });
  const shadowed = await createRouter({
    route: 'fraud',
    models,
    source: staticSource(doc([{ model: 'v5', fraction: 1, sampling }])),
    fallback: 'v3',
    clock,
    pseudonymKey: PSEUDONYM_TEST_KEY,
    shadow: { scheduler, sinks: [callbackSink((r) => void records.push(r))], ...options },
  });
  return { clock, scheduler, records, plain, shadowed };
}

// Node reports unhandled rejections on the process; a shadow must never cause one.
let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('shadow traffic through the router', () => {
  const behaviours: Array<[string, () => Model<number, { score: number }>]> = [
    ['hangs forever', () => () => new Promise(() => {})],
    [
      'throws synchronously',
      () => () => {
        throw new Error('shadow down');
      },
    ],
    [
      'rejects',
      () => async () => {
        throw new Error('shadow down');
      },
    ],
    ['returns garbage', () => () => undefined as unknown as { score: number }],
  ];
  for (const [name, make] of behaviours) {
    it(`gives the caller the same results, decisions and errors whether or not a shadow ${name}`, async () => {
      const { plain, shadowed, scheduler, clock } = await pair(make());
      for (let i = 0; i < 200; i++) {
        const unit = i % 3 === 0 ? undefined : `user-${i}`;
        const a = await plain.predictDetailed(i, unit === undefined ? undefined : { unit });
        const b = await shadowed.predictDetailed(i, unit === undefined ? undefined : { unit });
        // Calls without a unit are assigned at random, so only their output's consistency can be compared.
        expect(b.output).toEqual(await primaries[b.decision.variant as 'v3' | 'v4'](i));
        if (unit !== undefined) expect(b).toEqual(a);
        if (i % 10 === 0) scheduler.runDeferred();
        if (i % 50 === 0) {
          clock.advance(10_000);
          scheduler.runDue();
        }
      }
      await turn();
      expect(unhandled).toEqual([]);
    });
  }

  it("settles the caller's promise before the shadow starts, and long before a shadow 100 times slower answers", async () => {
    const log: string[] = [];
    const answer = deferred<{ score: number }>();
    const clock = manualClock();
    const records: ShadowRecord[] = [];
    const router = await createRouter({
      route: 'fraud',
      // The primary takes 1 ms on the manual clock; the shadow 100 ms, and only when the test says so.
      models: {
        v3: (x: number) => (clock.advance(1), { score: x }),
        v5: () => (log.push('shadow started'), answer.promise.then((y) => (log.push('shadow answered'), y))),
      },
      source: staticSource({
        routes: { fraud: { champion: 'v3', weights: { v3: 1 }, shadow: [{ model: 'v5', fraction: 1 }] } },
      }),
      fallback: 'v3',
      clock,
      pseudonymKey: PSEUDONYM_TEST_KEY,
      shadow: { sinks: [callbackSink((r) => void records.push(r))] }, // the real scheduler: setImmediate
    });
    const result = await router.predict(7, { unit: 'u1' });
    log.push('caller settled');
    expect(result).toEqual({ score: 7 });
    expect(log).toEqual(['caller settled']);
    await turn();
    expect(log).toEqual(['caller settled', 'shadow started']);
    clock.advance(100);
    answer.resolve({ score: 8 });
    await turn();
    expect(log).toEqual(['caller settled', 'shadow started', 'shadow answered']);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      primary: { model: 'v3', durationMs: 1, output: { score: 7 } },
      shadow: { model: 'v5', durationMs: 100, outcome: 'ok', output: { score: 8 } },
      comparison: 'disagree',
    });
    await router.close();
  });

  it('returns identical results for any mix of inputs, units and shadow behaviours (property)', async () => {
    const behaviour = fc.constantFrom<'ok' | 'hang' | 'throw' | 'reject' | 'slow'>(
      'ok',
      'hang',
      'throw',
      'reject',
      'slow',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer(), fc.option(fc.string({ maxLength: 8 }), { nil: undefined }), behaviour), {
          minLength: 1,
          maxLength: 40,
        }),
        async (calls) => {
          let next: 'ok' | 'hang' | 'throw' | 'reject' | 'slow' = 'ok';
          const pending: Array<() => void> = [];
          const shadow: Model<number, { score: number }> = (x) => {
            if (next === 'hang') return new Promise(() => {});
            if (next === 'throw') throw new Error('x');
            if (next === 'reject') return Promise.reject(new Error('x'));
            if (next === 'slow') return new Promise((resolve) => pending.push(() => resolve({ score: x })));
            return { score: x };
          };
          const { plain, shadowed, scheduler } = await pair(shadow, { maxInFlight: 4 }, 'unit');
          for (const [x, unit, b] of calls) {
            next = b;
            const options = unit === undefined ? undefined : { unit };
            const a = await plain.predictDetailed(x, options);
            const s = await shadowed.predictDetailed(x, options);
            expect(s.output).toEqual(await primaries[s.decision.variant as 'v3' | 'v4'](x));
            if (unit !== undefined) expect(s).toEqual(a);
            scheduler.runDeferred();
            if (pending.length > 2) pending.splice(0).forEach((release) => release());
          }
        },
      ),
      { numRuns: 60 },
    );
    await turn();
    expect(unhandled).toEqual([]);
  });

  it('keeps 100,000 calls against a hung shadow within the bound, timeouts included, and memory flat', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let started = 0;
    const hung: Array<(value: number) => void> = []; // the shadow's promises, settled only when the test says so
    const clock = manualClock();
    const scheduler = manualShadowScheduler(clock);
    const router = await createRouter({
      route: 'fraud',
      models: {
        v3: (x: { id: number; payload: number[] }) => x.id,
        v5: () => (started++, new Promise<number>((resolve) => hung.push(resolve))),
      },
      source: staticSource({
        routes: { fraud: { champion: 'v3', weights: { v3: 1 }, shadow: [{ model: 'v5', fraction: 1 }] } },
      }),
      fallback: 'v3',
      clock,
      pseudonymKey: PSEUDONYM_TEST_KEY,
      shadow: { scheduler, maxInFlight: 50, timeoutMs: 1000 },
    });
    const input = (i: number) => ({ id: i, payload: new Array<number>(128).fill(i) }); // ~1 KB each: a leak of inputs would show
    const burst = async (from: number, count: number) => {
      for (let i = from; i < from + count; i++) {
        expect(await router.predict(input(i))).toBe(i);
        if (i % 1000 === 0) scheduler.runDeferred();
        expect(scheduler.timerCount).toBeLessThanOrEqual(1); // one timer serves every call in flight
      }
      scheduler.runDeferred();
    };
    await burst(0, 10_000);
    expect(started).toBe(50); // the bound, and no more: the other 9,950 were dropped, not queued
    clock.advance(1000);
    scheduler.runDue(); // all 50 abandoned at the timeout, but their promises are still pending in the model
    await burst(10_000, 1000);
    expect(started).toBe(50); // an abandoned call keeps its slot until the model settles it
    for (const resolve of hung.splice(0)) resolve(0);
    await turn(); // the late answers free the slots (and are not recorded)
    gc();
    const before = process.memoryUsage().heapUsed;
    await burst(11_000, 89_000);
    expect(started).toBe(100); // 50 more after the first 50 settled, and again no more
    expect(scheduler.timerCount).toBe(1);
    expect(scheduler.deferredCount).toBe(0);
    clock.advance(1000);
    scheduler.runDue();
    for (const resolve of hung.splice(0)) resolve(0);
    await turn();
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // 90,000 leaked inputs would be ~90 MB; a flat runner stays within noise.
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    const closing = router.close();
    expect(scheduler.runDue()).toBe(0);
    await closing; // nothing in flight: close returns without waiting for the drain deadline
  });

  it('close() waits for shadow calls in flight, then flushes the JSON-lines file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'modelroute-shadow-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'pairs.jsonl');
    const clock = manualClock();
    const scheduler = manualShadowScheduler(clock);
    const answers: Array<() => void> = [];
    const router = await createRouter({
      route: 'fraud',
      models: {
        v3: (x: number) => x,
        v5: (x: number) => new Promise<number>((resolve) => answers.push(() => resolve(x + 1))),
      },
      source: staticSource({
        routes: { fraud: { champion: 'v3', weights: { v3: 1 }, shadow: [{ model: 'v5', fraction: 1 }] } },
      }),
      fallback: 'v3',
      clock,
      pseudonymKey: PSEUDONYM_TEST_KEY,
      shadow: { scheduler, sinks: [jsonLinesSink(path, { flushIntervalMs: 0 })], drainTimeoutMs: 500 },
    });
    for (let i = 0; i < 20; i++) await router.predict(i, { unit: `u${i}` });
    scheduler.runDeferred();
    let closed = false;
    const closing = router.close().then(() => (closed = true));
    await turn();
    expect(closed).toBe(false); // 20 shadow calls still in flight
    answers.splice(0, 19).forEach((answer) => answer()); // 19 answer; one hangs past the deadline
    await turn();
    expect(closed).toBe(false);
    clock.advance(500);
    scheduler.runDue();
    await closing;
    answers[0]!(); // the straggler answers after close: counted as dropped (closed), never written
    await turn();
    const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(19);
    for (const line of lines) {
      const record = JSON.parse(line) as ShadowRecord;
      expect(record).toMatchObject({
        route: 'fraud',
        primary: { model: 'v3' },
        shadow: { model: 'v5', outcome: 'ok' },
        comparison: 'disagree',
      });
      expect(record.shadow.output).toBe((record.primary.output as number) + 1);
    }
  });

  it('rejects malformed shadow options with invalid_options', async () => {
    const base = { route: 'fraud', models: primaries, source: staticSource(doc(undefined)), fallback: 'v3' as const };
    for (const shadow of [
      { maxInFlight: 0 },
      { timeoutMs: -1 },
      { sinks: [{}] },
      { compare: 'yes' },
      { unit: 'plain' },
      { scheduler: {} },
    ]) {
      const error = await createRouter({ ...base, shadow: shadow as never }).catch((e: unknown) => e);
      expect(isModelrouteError(error, 'invalid_options')).toBe(true);
    }
  });
});
