import { mkdtemp, rm } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId as mainThreadId } from 'node:worker_threads';
import {
  callbackSink,
  createRouter,
  INSTRUMENTS,
  isModelrouteError,
  type Model,
  type Router,
  type ShadowOptions,
  staticSource,
} from '@modelroute/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type WorkerModel, workerModel } from './worker-model.js';
import type { WorkerModelOptions } from './worker-model-options.js';
import { type Behave, gate, MODELS, manualTimer, recordsSink, type Scored } from './worker-model.test-support.js';

const base: Model<Behave, Scored> = (x) => ({ score: -x.value, threadId: mainThreadId, loads: 0 });
const turn = () => new Promise((resolve) => setImmediate(resolve));
const until = async (condition: () => boolean) => {
  while (!condition()) await turn();
};

class Reader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}
async function drops(reader: Reader, reason: string): Promise<number> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .find((m) => m.descriptor.name === INSTRUMENTS.shadowDrops.name);
  return (metric?.dataPoints ?? [])
    .filter((p) => p.attributes['modelroute.shadow.drop_reason'] === reason)
    .reduce((n, p) => n + (p.value as number), 0);
}

// Every router and pool a test makes is closed after it; a test never leaves a thread behind.
let routers: Router<Behave, Scored>[] = [];
let pools: WorkerModel<Behave, Scored>[] = [];
let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  routers = [];
  pools = [];
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  for (const r of routers) await r.close();
  for (const p of pools) await p.close();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

function pool(options: WorkerModelOptions<Behave> = {}, module: URL = MODELS) {
  const t = manualTimer();
  const model = workerModel<Behave, Scored>(module, {
    threads: 1,
    timeoutMs: 1000,
    loadTimeoutMs: 0, // the manual timer then holds the calls' time limits only
    timer: t.timer,
    ...options,
  });
  pools.push(model);
  return { model, ...t };
}

/** A router whose traffic all goes to the worker model `w`, with `base` (in-process) as champion. */
async function primaryRouter(w: WorkerModel<Behave, Scored>, failover: boolean) {
  const router = await createRouter<Behave, Scored>({
    route: 'score',
    models: { base, w },
    source: staticSource({
      routes: { score: { champion: 'base', weights: { base: 0, w: 100 }, guard: { failover, minCalls: 1000 } } },
    }),
    fallback: 'base',
  });
  routers.push(router);
  return router;
}

/** A router answered by `base`, with the worker model `w` as a shadow of every call. */
async function shadowRouter(w: WorkerModel<Behave, Scored>, shadow: ShadowOptions<Behave, Scored> = {}) {
  const reader = new Reader();
  const router = await createRouter<Behave, Scored>({
    route: 'score',
    models: { base, w },
    source: staticSource({
      routes: { score: { champion: 'base', weights: { base: 100 }, shadow: [{ model: 'w', fraction: 1 }] } },
    }),
    fallback: 'base',
    meterProvider: new MeterProvider({ readers: [reader] }),
    shadow,
  });
  routers.push(router);
  return { router, reader };
}

describe('workerModel', () => {
  it('answers on a worker thread, each thread loading the module once', async () => {
    const { model } = pool({ threads: 2, maxQueue: 18 });
    const outputs = await Promise.all(Array.from({ length: 20 }, (_, i) => model({ mode: 'ok', value: i })));
    expect(outputs.map((o) => o.score)).toEqual(Array.from({ length: 20 }, (_, i) => 2 * i));
    expect(outputs.every((o) => o.threadId !== mainThreadId && o.loads === 1)).toBe(true);
    expect(model.threads).toBe(2);
    expect(model.pending).toBe(0);
  });

  it('runs the export named by exportName, moves the buffers that transfer lists, and an output the model moves', async () => {
    const copy = workerModel<{ features: Float32Array }, { total: number }>(MODELS, {
      exportName: 'sum',
      threads: 1,
    });
    const move = workerModel<{ features: Float32Array }, { total: number }>(MODELS, {
      exportName: 'sum',
      threads: 1,
      transfer: (x) => [x.features.buffer as ArrayBuffer],
    });
    const moveOut = workerModel<{ features: Float32Array }, Float32Array>(MODELS, {
      exportName: 'doubled',
      threads: 1,
    });
    try {
      const copied = { features: Float32Array.from([1, 2, 3]) };
      expect(await copy(copied)).toEqual({ total: 6 });
      expect(copied.features.length).toBe(3);
      const moved = { features: Float32Array.from([1, 2, 3, 4]) };
      expect(await move(moved)).toEqual({ total: 10 });
      expect(moved.features.length).toBe(0); // detached: the buffer went to the worker
      const doubled = await moveOut({ features: Float32Array.from([1, 2, 3]) });
      expect(doubled).toBeInstanceOf(Float32Array);
      expect([...doubled]).toEqual([2, 4, 6]);
    } finally {
      await copy.close();
      await move.close();
      await moveOut.close();
    }
  });

  it("as a primary: a throwing model's own error reaches the caller, the guard counts it, the pool answers the next call", async () => {
    const { model } = pool();
    const router = await primaryRouter(model, false);
    const error = await router.predict({ mode: 'throw', value: 7 }).catch((e: unknown) => e);
    expect(isModelrouteError(error)).toBe(false);
    expect((error as Error).message).toBe('model failed on 7');
    expect((await router.predict({ mode: 'ok', value: 4 })).score).toBe(8);
    expect(router.guardStatus().find((s) => s.variant === 'w')?.window).toMatchObject({ calls: 2, errors: 1 });
  });

  it('as a primary with failover: throwing, hanging (past timeoutMs) and crashing calls are answered by the champion; the pool recovers after each', async () => {
    const { model, fire, timer } = pool();
    const router = await primaryRouter(model, true);
    const first = await router.predict({ mode: 'ok', value: 1 });
    expect(first.score).toBe(2);

    expect((await router.predict({ mode: 'throw', value: 2 })).score).toBe(-2);

    const hung = router.predict({ mode: 'hang', value: 3 });
    await until(() => timer.timerCount > 0);
    expect(fire(1000)).toBe(1);
    expect((await hung).score).toBe(-3);
    const afterHang = await router.predict({ mode: 'ok', value: 4 });
    expect(afterHang.score).toBe(8);
    expect(afterHang.threadId).not.toBe(first.threadId); // the hung thread was terminated and replaced

    expect((await router.predict({ mode: 'exit', value: 5 })).score).toBe(-5);
    const afterExit = await router.predict({ mode: 'ok', value: 6 });
    expect(afterExit.score).toBe(12);
    expect(afterExit.threadId).not.toBe(afterHang.threadId);

    expect((await router.predict({ mode: 'invalid', value: 7 })) as unknown).toBeNaN();
    expect(router.guardStatus().find((s) => s.variant === 'w')?.window).toMatchObject({
      calls: 7,
      errors: 3, // throw, timeout, exit
      invalid: 1,
    });
  });

  it('without failover, a hung call rejects with model_timeout and a crash with the thread exit: the model failed, modelroute did not', async () => {
    const { model, fire, timer } = pool();
    const router = await primaryRouter(model, false);
    const hung = router.predict({ mode: 'hang', value: 1 }).catch((e: unknown) => e);
    await until(() => timer.timerCount > 0);
    fire(1000);
    expect(isModelrouteError(await hung, 'model_timeout')).toBe(true);
    const crashed = (await router.predict({ mode: 'exit', value: 2 }).catch((e: unknown) => e)) as Error;
    expect(isModelrouteError(crashed)).toBe(false);
    expect(crashed.message).toContain('exited with code: 3');
    expect((await router.predict({ mode: 'ok', value: 3 })).score).toBe(6);
  });

  for (const priority of ['normal', 'low'] as const)
    it(`as a shadow (priority ${priority}): throwing, hanging, crashing and invalid copies are classified; every caller gets the champion, and the pool recovers`, async () => {
      const { model, fire, timer } = pool({ priority });
      const sink = recordsSink();
      const { router } = await shadowRouter(model, { sinks: [callbackSink((r) => sink.write(r))] });
      const modes: Behave['mode'][] = ['ok', 'throw', 'hang', 'exit', 'invalid', 'ok'];
      for (const [i, mode] of modes.entries()) {
        expect((await router.predict({ mode, value: i })).score).toBe(-i);
        if (mode === 'hang') {
          await until(() => timer.timerCount > 0);
          fire(1000);
        }
        await sink.next(i + 1);
      }
      expect(sink.records.map((r) => r.shadow.outcome)).toEqual(['ok', 'error', 'timeout', 'error', 'invalid', 'ok']);
      expect(sink.records[1]?.shadow.error).toBe('model failed on 1');
    });

  it('rejects a call beyond threads + maxQueue with model_overloaded: a primary caller gets that clear error', async () => {
    const { model } = pool({ maxQueue: 0 });
    const g = gate();
    const busy = model({ mode: 'gate', value: 1, gate: g.gate });
    expect(model.capacity()).toBe(0);
    const direct = await model({ mode: 'ok', value: 2 }).catch((e: unknown) => e);
    expect(isModelrouteError(direct, 'model_overloaded')).toBe(true);
    expect((direct as Error).message).toContain('raise threads or maxQueue');

    const primary = await primaryRouter(model, false);
    expect(
      isModelrouteError(await primary.predict({ mode: 'ok', value: 3 }).catch((e: unknown) => e), 'model_overloaded'),
    ).toBe(true);
    expect(model.overloaded).toBe(2);

    g.open();
    expect((await busy).score).toBe(2);
    expect(model.capacity()).toBe(1);
    expect((await primary.predict({ mode: 'ok', value: 4 })).score).toBe(8);
  });

  it('as a shadow on a full pool: copies are dropped and counted without a call to the pool; copies queued in one turn never exceed its room', async () => {
    const { model } = pool({ maxQueue: 1 });
    const g = gate();
    const busy = model({ mode: 'gate', value: 1, gate: g.gate });
    const sink = recordsSink();
    const { router, reader } = await shadowRouter(model, { sinks: [callbackSink((r) => sink.write(r))] });
    // Five callers answered in the same turn: the pool has room for one more call (its queue place), so one
    // copy is queued and four are dropped before the pool is asked.
    const answers = await Promise.all([0, 1, 2, 3, 4].map((i) => router.predict({ mode: 'ok', value: i })));
    expect(answers.map((a) => a.score)).toEqual([-0, -1, -2, -3, -4]);
    await until(() => model.pending === 2);
    expect(await drops(reader, 'capacity')).toBe(4);
    expect(model.capacity()).toBe(0);

    // The pool is full now: every copy is dropped without touching it (no rejected call, nothing pending).
    for (let i = 5; i < 10; i++) expect((await router.predict({ mode: 'ok', value: i })).score).toBe(-i);
    await turn();
    expect(await drops(reader, 'capacity')).toBe(9);
    expect(model.overloaded).toBe(0);
    expect(model.pending).toBe(2);
    expect(sink.records).toEqual([]); // dropped copies write no pair and count no error

    g.open();
    expect((await busy).score).toBe(2);
    await sink.next(1); // the copy that was queued ran
    expect(sink.records[0]?.shadow.outcome).toBe('ok');
    await until(() => model.pending === 0);
    await router.predict({ mode: 'ok', value: 11 });
    await sink.next(2);
    expect(sink.records[1]?.shadow.outcome).toBe('ok');
    expect(await drops(reader, 'capacity')).toBe(9);
  });

  it("priority 'low' runs the model on threads at the lowest priority (Linux), the caller's thread keeping its own; errors still cross", async () => {
    type Niceness = { nice: number | null };
    const low = workerModel<object, Niceness>(MODELS, {
      exportName: 'niceness',
      priority: 'low',
    });
    const normal = workerModel<object, Niceness>(MODELS, { exportName: 'niceness' });
    const behaving = workerModel<Behave, Scored>(MODELS, { priority: 'low', threads: 1 });
    try {
      const [lowThread, normalThread] = [await low({}), await normal({})];
      if (process.platform === 'linux') {
        expect(lowThread.nice).toBe(19);
        expect(normalThread.nice).toBe(getPriority());
      }
      expect(getPriority()).not.toBe(19); // the caller's thread (this one) kept its priority
      const answer = await behaving({ mode: 'ok', value: 4 });
      expect([answer.score, answer.loads]).toEqual([8, 1]); // the model module is loaded once per thread, as without priority
      const thrown = (await behaving({ mode: 'throw', value: 5 }).catch((e: unknown) => e)) as Error;
      expect(thrown.message).toBe('model failed on 5');
    } finally {
      await low.close();
      await normal.close();
      await behaving.close();
    }
  });

  it("an async model's timers run on its thread; an output that cannot be copied back is the model's error, and the pool answers the next call", async () => {
    const later = workerModel<Behave, Scored>(MODELS, { exportName: 'later', threads: 1 });
    const uncopyable = workerModel<Behave, Scored>(MODELS, { exportName: 'uncopyable', threads: 1 });
    pools.push(later, uncopyable);
    expect((await later({ mode: 'ok', value: 3 })).score).toBe(6);
    expect((await later({ mode: 'ok', value: 4 })).score).toBe(8);
    const error = await uncopyable({ mode: 'ok', value: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isModelrouteError(error)).toBe(false);
    expect(uncopyable.pending).toBe(0);
  });

  it.each([
    ['without the named export', MODELS, 'nope', "has no function export named 'nope'"],
    [
      'that throws when imported',
      new URL('./test-models/broken.mjs', import.meta.url),
      'default',
      'broken.mjs cannot load: its weights are missing',
    ],
    [
      'that calls process.exit when imported',
      new URL('./test-models/exit-at-import.mjs', import.meta.url),
      'default',
      'called process.exit(4) while it was imported',
    ],
  ])(
    'a module %s: each call rejects at once with an error that says why, the first and every later one, and nothing is left pending',
    async (_case, module, exportName, reason) => {
      const unloaded = workerModel<Behave, Scored>(module, { exportName, threads: 1 });
      pools.push(unloaded);
      for (const value of [1, 2, 3]) {
        const error = (await unloaded({ mode: 'ok', value }).catch((e: unknown) => e)) as Error;
        expect(error).toBeInstanceOf(Error);
        expect(isModelrouteError(error)).toBe(false);
        expect(error.message).toContain(reason);
      }
      expect(unloaded.pending).toBe(0);
    },
  );

  it('a model that throws null fails (it is not an answer of null); a transfer option that throws rejects the call and leaves nothing pending', async () => {
    const { model } = pool();
    const thrown = (await model({ mode: 'throwNull', value: 1 }).catch((e: unknown) => e)) as Error;
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown.message).toBe('the model threw null');

    const picky = workerModel<Behave, Scored>(MODELS, {
      threads: 1,
      maxQueue: 0,
      transfer: (x) => {
        if (x.value < 0) throw new TypeError('no buffer to move');
        return [];
      },
    });
    pools.push(picky);
    for (let i = 0; i < 3; i++) {
      const rejected = picky({ mode: 'ok', value: -1 }); // a promise, not a throw
      expect(((await rejected.catch((e: unknown) => e)) as Error).message).toBe('no buffer to move');
    }
    expect(picky.pending).toBe(0);
    expect((await picky({ mode: 'ok', value: 2 })).score).toBe(4);
  });

  it('a thread that ends between calls (a stray rejection of the model) does not fail the next call', async () => {
    const { model } = pool();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 5; i++) {
        expect((await model({ mode: 'stray', value: i })).score).toBe(2 * i);
        expect((await model({ mode: 'ok', value: i + 10 })).score).toBe(2 * (i + 10));
      }
    } finally {
      process.off('warning', onWarning);
    }
    expect(model.pending).toBe(0);
  });

  it("a thread that fails while it runs a call (a throw in the model's timer) rejects that call with the failure; the pool answers the next call", async () => {
    const { model } = pool();
    const failed = (await model({ mode: 'crashLater', value: 1 }).catch((e: unknown) => e)) as Error;
    expect(isModelrouteError(failed)).toBe(false);
    expect(failed.message).toBe('the model failed in a timer on 1');
    expect((await model({ mode: 'ok', value: 2 })).score).toBe(4);
    expect(model.pending).toBe(0);
  });

  it('an input whose transferred buffer is already detached, and an output moved from a detached buffer, fail their call; the pool answers the next', async () => {
    const moving = workerModel<{ features: Float32Array }, { total: number }>(MODELS, {
      exportName: 'sum',
      threads: 1,
      timeoutMs: 0,
      transfer: (x) => [x.features.buffer as ArrayBuffer],
    });
    const detached = workerModel<Behave, Float32Array>(MODELS, {
      exportName: 'moveDetached',
      threads: 1,
      timeoutMs: 0,
    });
    pools.push(moving as never, detached as never);
    const input = { features: Float32Array.from([1, 2]) };
    expect(await moving(input)).toEqual({ total: 3 });
    const again = (await moving(input).catch((e: unknown) => e)) as Error; // its buffer went with the first call
    expect(again).toBeInstanceOf(Error);
    expect(isModelrouteError(again)).toBe(false);
    expect(await moving({ features: Float32Array.from([4]) })).toEqual({ total: 4 });
    const lost = (await detached({ mode: 'ok', value: 1 }).catch((e: unknown) => e)) as Error;
    expect(lost).toBeInstanceOf(Error);
    expect(lost.message).toContain('could not be copied');
    expect([moving.pending, detached.pending]).toEqual([0, 0]);
  }, 20_000);

  it("a model's own messages to the caller's thread are not answers and do not crash it", async () => {
    const chatty = workerModel<Behave, Scored>(MODELS, { exportName: 'chatty', threads: 1 });
    pools.push(chatty);
    for (const value of [1, 2, 3]) expect((await chatty({ mode: 'ok', value })).score).toBe(2 * value);
  });

  it('thousands of queued inputs that cannot be copied each fail their call, without a deep recursion', async () => {
    const { model } = pool({ maxQueue: 6000 });
    const g = gate();
    const busy = model({ mode: 'gate', value: 1, gate: g.gate });
    const bad = Array.from({ length: 6000 }, (_, i) =>
      model({ mode: 'ok', value: i, fn: () => i } as unknown as Behave).catch((e: unknown) => (e as Error).name),
    );
    g.open();
    expect((await busy).score).toBe(2);
    expect(new Set(await Promise.all(bad))).toEqual(new Set(['DataCloneError']));
    expect(model.pending).toBe(0);
    expect((await model({ mode: 'ok', value: 5 })).score).toBe(10);
  });

  it('timeoutMs counts from when a thread takes the call: a queued call waits, and is not failed by the call before it timing out', async () => {
    const { model, fire, timer } = pool({ maxQueue: 1 });
    const g = gate();
    const stuck = model({ mode: 'gate', value: 1, gate: g.gate }).catch((e: unknown) => e);
    const queued = model({ mode: 'ok', value: 2 });
    await until(() => timer.timerCount > 0);
    expect(fire(1000)).toBe(1); // the running call's limit only
    expect(isModelrouteError(await stuck, 'model_timeout')).toBe(true);
    expect((await queued).score).toBe(4); // ran on the thread that replaced the stuck one
    g.open();
  });

  it('a call waiting at close() runs when the call before it times out (close waits for queued calls)', async () => {
    const { model, fire, timer } = pool({ maxQueue: 1 });
    const hung = model({ mode: 'hang', value: 1 }).catch((e: unknown) => e);
    const queued = model({ mode: 'ok', value: 2 });
    const closing = model.close();
    await until(() => timer.timerCount > 0);
    fire(1000);
    expect(isModelrouteError(await hung, 'model_timeout')).toBe(true);
    expect((await queued).score).toBe(4);
    await closing;
  });

  it('a model that loads slower than timeoutMs: its calls wait for the load, and the limit starts when the thread takes them', async () => {
    const { model: slow, fire } = pool({ maxQueue: 1 }, new URL('./test-models/slow-load.mjs', import.meta.url));
    const answers = Promise.all([slow({ mode: 'ok', value: 1 }), slow({ mode: 'ok', value: 2 })]);
    fire(1000); // the module takes 500 ms to load: no call has started yet, so none is over its limit
    expect((await answers).map((a) => a.score)).toEqual([2, 4]);
  });

  it('a module that never finishes loading: waiting calls fail with model_timeout after loadTimeoutMs, and nothing is left pending', async () => {
    const { model: stuck, fire } = pool(
      { maxQueue: 1, timeoutMs: 0, loadTimeoutMs: 5000 },
      new URL('./test-models/hangs-at-load.mjs', import.meta.url),
    );
    const calls = [stuck({ mode: 'ok', value: 1 }), stuck({ mode: 'ok', value: 2 })].map((c) =>
      c.catch((e: unknown) => e),
    );
    expect(fire(5000)).toBe(1);
    for (const error of await Promise.all(calls)) {
      expect(isModelrouteError(error, 'model_timeout')).toBe(true);
      expect((error as Error).message).toContain('did not load within loadTimeoutMs (5000 ms)');
    }
    expect(stuck.pending).toBe(0);
  });

  it("a module whose thread ends right after it loads is not restarted in a loop, and a call gets the module's error", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => {
      if (w.message.includes('dies-after-load.mjs')) warnings.push(w.message);
    };
    process.on('warning', onWarning);
    try {
      const failing = workerModel<Behave, Scored>(new URL('./test-models/dies-after-load.mjs', import.meta.url), {
        threads: 1,
        timeoutMs: 0,
      });
      pools.push(failing);
      await until(() => warnings.length > 0);
      for (let i = 0; i < 200; i++) await turn(); // a pool restarting in a loop would warn again meanwhile
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(warnings.length).toBe(1);
      const error = (await failing({ mode: 'ok', value: 1 }).catch((e: unknown) => e)) as Error;
      expect(error.message).toContain('fraud-v5.onnx: no such file');
      expect(failing.pending).toBe(0);
    } finally {
      process.off('warning', onWarning);
    }
  }, 20_000);

  it("a model's own message that cannot be read is not its answer: the call gets its real answer, and calls still run one at a time", async () => {
    const m = workerModel<Behave, Scored>(MODELS, { exportName: 'postsDetached', threads: 1, maxQueue: 1 });
    pools.push(m);
    const [a, b] = await Promise.all([m({ mode: 'ok', value: 1 }), m({ mode: 'ok', value: 2 })]);
    expect([a.score, b.score]).toEqual([2, 4]);
    expect([a.loads, b.loads]).toEqual([1, 1]); // one call at a time on the thread
  });

  it('a thread that fails while it loads fails no call that a healthy thread can run', async () => {
    const slots = await mkdtemp(join(tmpdir(), 'modelroute-slots-'));
    process.env.MODELROUTE_TEST_SLOTS = slots;
    try {
      const model = workerModel<Behave, Scored>(new URL('./test-models/two-good-loads.mjs', import.meta.url), {
        threads: 2,
        maxQueue: 4,
        timeoutMs: 0,
      });
      pools.push(model);
      const g = gate();
      const first = model({ mode: 'gate', value: 1, gate: g.gate });
      const crash = model({ mode: 'exit', value: 2 }).catch((e: unknown) => e); // its replacement fails to load
      await crash;
      const queued = [3, 4, 5].map((value) => model({ mode: 'ok', value }));
      await new Promise((resolve) => setTimeout(resolve, 300)); // the replacement has failed by now
      g.open();
      expect((await first).score).toBe(2);
      expect((await Promise.all(queued)).map((a) => a.score)).toEqual([6, 8, 10]);
    } finally {
      delete process.env.MODELROUTE_TEST_SLOTS;
      await rm(slots, { recursive: true, force: true });
    }
  }, 20_000);

  it('router.close() ends the pool: later calls reject with model_closed', async () => {
    const { model } = pool();
    const router = await primaryRouter(model, false);
    expect((await router.predict({ mode: 'ok', value: 1 })).score).toBe(2);
    await router.close();
    const after = await model({ mode: 'ok', value: 2 }).catch((e: unknown) => e);
    expect(isModelrouteError(after, 'model_closed')).toBe(true);
  });
});

describe('workerModel options', () => {
  it('throws invalid_options for a missing module or a bad option', () => {
    const invalid = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return isModelrouteError(error, 'invalid_options') ? (error as Error).message : `other: ${String(error)}`;
      }
      return 'no error';
    };
    expect(invalid(() => workerModel(new URL('./test-models/missing.mjs', import.meta.url)))).toContain('no module at');
    expect(invalid(() => workerModel(MODELS, { threads: 0 }))).toContain('threads must be an integer of at least 1');
    expect(invalid(() => workerModel(MODELS, { maxQueue: -1 }))).toContain('maxQueue');
    expect(invalid(() => workerModel(MODELS, { timeoutMs: -5 }))).toContain('timeoutMs');
    expect(invalid(() => workerModel('' as string))).toContain('pass the path');
    expect(invalid(() => workerModel(MODELS, { priority: 'idle' as 'low' }))).toContain(
      "priority must be 'normal' or 'low'",
    );
  });
});
