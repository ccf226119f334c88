import { processWarning } from '../vocabulary/warning.js';
import { describe, expect, it } from 'vitest';
import { compileRoute } from '../vocabulary/route-snapshot.js';
import { callbackSink } from './callback-sink.js';
import type { ShadowRecord, ShadowSink } from './shadow-record.js';
import { ShadowRunner } from './shadow-runner.js';
import { deferred, runnerFixture } from './shadow.test-support.js';
import { unitPseudonym } from '../vocabulary/unit-pseudonym.js';
import { captureWarnings } from '../errors/capture-warnings.test-support.js';

const hang = () => new Promise<number>(() => {});

describe('ShadowRunner', () => {
  it('does nothing for a document without shadows', async () => {
    const calls: number[] = [];
    const f = await runnerFixture({ v3: (x: number) => x, v5: (x: number) => (calls.push(x), x) }, []);
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, 'u');
    f.runner.maybeMirror(undefined, f.decision(), 1, 1, 1, 'u');
    expect(f.scheduler.deferredCount).toBe(0);
    expect(f.runner.inFlight).toBe(0);
    expect(calls).toEqual([]);
    expect(f.metrics.events).toEqual([]);
  });

  it('starts shadow calls only when the deferred work runs, never inside maybeMirror', async () => {
    const calls: number[] = [];
    const f = await runnerFixture({ v3: (x: number) => x, v5: (x: number) => (calls.push(x), x * 2) }, [
      { model: 'v5', fraction: 1 },
    ]);
    f.runner.maybeMirror(f.snapshot, f.decision(), 21, 21, 1, 'u');
    expect(calls).toEqual([]);
    expect(f.runner.inFlight).toBe(1);
    expect(f.scheduler.runDeferred()).toBe(1);
    expect(calls).toEqual([21]);
    expect(f.runner.inFlight).toBe(0);
    expect(f.metrics.events).toEqual(['prediction v5 shadow ok', 'compared v5 disagree']);
  });

  it('batches a burst of mirrors into one deferred task', async () => {
    const f = await runnerFixture({ v3: (x: number) => x, v5: (x: number) => x }, [{ model: 'v5', fraction: 1 }]);
    for (let i = 0; i < 10; i++) f.runner.maybeMirror(f.snapshot, f.decision(), i, i, 1, undefined);
    expect(f.scheduler.deferredCount).toBe(1);
    f.scheduler.runDeferred();
    expect(f.metrics.count('compared v5 agree')).toBe(10);
  });

  it('does not mirror a call to the model that answered it', async () => {
    const f = await runnerFixture({ v3: (x: number) => x, v5: (x: number) => x }, [{ model: 'v5', fraction: 1 }]);
    f.runner.maybeMirror(f.snapshot, f.decision('v5'), 1, 1, 1, 'u');
    expect(f.runner.inFlight).toBe(0);
    expect(f.scheduler.deferredCount).toBe(0);
  });

  it('mirrors to several shadows, each on its own fraction', async () => {
    let r = 0;
    const draws = [0.1, 0.9]; // per call: v5 (fraction 0.5) gets 0.1 → in; v6 (0.5) gets 0.9 → out
    const f = await runnerFixture(
      { v3: (x: number) => x, v5: (x: number) => x, v6: (x: number) => x, v7: (x: number) => x },
      [
        { model: 'v5', fraction: 0.5 },
        { model: 'v6', fraction: 0.5 },
        { model: 'v7', fraction: 0 },
      ],
      { random: () => draws[r++ % 2]! },
    );
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, undefined);
    f.scheduler.runDeferred();
    expect(f.metrics.events).toEqual(['prediction v5 shadow ok', 'compared v5 agree']);
  });

  it('keeps at most maxInFlight calls and drops (and counts) the rest, never queueing them', async () => {
    const f = await runnerFixture({ v3: (x: number) => x, v5: hang }, [{ model: 'v5', fraction: 1 }], {
      maxInFlight: 3,
    });
    for (let i = 0; i < 10; i++) f.runner.maybeMirror(f.snapshot, f.decision(), i, i, 1, undefined);
    expect(f.runner.inFlight).toBe(3);
    expect(f.metrics.count('dropped v5 capacity')).toBe(7);
    f.scheduler.runDeferred();
    expect(f.runner.inFlight).toBe(3);
    expect(f.scheduler.timerCount).toBe(1); // one timer for all calls in flight
  });

  it('holds 100,000 mirrors against a never-resolving shadow to the bound: dropped = calls - bound, exactly', async () => {
    let started = 0;
    const f = await runnerFixture(
      { v3: (x: number) => x, v5: () => (started++, hang()) },
      [{ model: 'v5', fraction: 1 }],
      { maxInFlight: 100, timeoutMs: 1000 },
    );
    let peak = 0;
    for (let i = 0; i < 100_000; i++) {
      f.runner.maybeMirror(f.snapshot, f.decision(), i, i, 1, `u${i}`);
      peak = Math.max(peak, f.runner.inFlight);
      if (i % 997 === 0) f.scheduler.runDeferred();
    }
    f.scheduler.runDeferred();
    expect(peak).toBe(100);
    expect(started).toBe(100);
    expect(f.metrics.count('dropped v5 capacity')).toBe(100_000 - 100);
    expect(f.scheduler.timerCount).toBe(1);
    f.clock.advance(1000);
    expect(f.scheduler.runDue()).toBe(1);
    expect(f.runner.inFlight).toBe(0);
    expect(f.metrics.count('prediction v5 shadow timeout')).toBe(100);
    expect(f.metrics.count('dropped v5 timeout')).toBe(100);
  });

  it('abandons a hung shadow at the timeout and counts it; its slot is freed when the late answer comes, which is ignored', async () => {
    const late = deferred<number>();
    const f = await runnerFixture({ v3: (x: number) => x, v5: () => late.promise }, [{ model: 'v5', fraction: 1 }], {
      timeoutMs: 250,
      maxInFlight: 1,
    });
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, undefined);
    f.scheduler.runDeferred();
    f.clock.advance(249);
    expect(f.scheduler.runDue()).toBe(0);
    expect(f.runner.inFlight).toBe(1);
    f.clock.advance(1);
    expect(f.scheduler.runDue()).toBe(1);
    expect(f.runner.inFlight).toBe(0);
    expect(f.runner.abandoned).toBe(1);
    expect(f.metrics.events).toEqual(['prediction v5 shadow timeout', 'dropped v5 timeout', 'compared v5 error']);
    f.runner.maybeMirror(f.snapshot, f.decision(), 2, 2, 1, undefined); // the model still holds the first call
    expect(f.metrics.count('dropped v5 capacity')).toBe(1);
    late.resolve(1);
    await late.promise;
    await Promise.resolve();
    expect(f.metrics.events).toHaveLength(4); // the late answer is neither counted nor compared
    expect(f.runner.abandoned).toBe(0);
    f.runner.maybeMirror(f.snapshot, f.decision(), 3, 3, 1, undefined);
    expect(f.runner.inFlight).toBe(1); // the slot is free again
  });

  it('never has more than maxInFlight calls pending in a never-settling shadow, across many calls and timeouts', async () => {
    let pending = 0; // the model's invocations whose promise is unsettled: all of them, here
    let peak = 0;
    const f = await runnerFixture(
      { v3: (x: number) => x, v5: () => (pending++, hang()) },
      [{ model: 'v5', fraction: 1 }],
      { maxInFlight: 2, timeoutMs: 100 },
    );
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 5; i++) f.runner.maybeMirror(f.snapshot, f.decision(), i, i, 1, undefined);
      f.scheduler.runDeferred();
      peak = Math.max(peak, pending);
      expect(f.runner.inFlight + f.runner.abandoned).toBeLessThanOrEqual(2);
      f.clock.advance(100);
      f.scheduler.runDue();
    }
    expect(peak).toBe(2);
    expect(pending).toBe(2);
    expect(f.runner.abandoned).toBe(2);
    expect(f.metrics.count('prediction v5 shadow timeout')).toBe(2);
    expect(f.metrics.count('dropped v5 capacity')).toBe(50 * 5 - 2);
  });

  it('frees an abandoned slot when the late promise rejects, with no unhandled rejection', async () => {
    const late = deferred<number>();
    const f = await runnerFixture({ v3: (x: number) => x, v5: () => late.promise }, [{ model: 'v5', fraction: 1 }], {
      timeoutMs: 10,
      maxInFlight: 1,
    });
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, undefined);
    f.scheduler.runDeferred();
    f.clock.advance(10);
    f.scheduler.runDue();
    expect(f.runner.abandoned).toBe(1);
    late.reject(new Error('late failure'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(f.runner.abandoned).toBe(0);
    expect(f.metrics.events).toEqual(['prediction v5 shadow timeout', 'dropped v5 timeout', 'compared v5 error']);
  });

  it('keeps mirroring with a scheduler whose defer runs the task at once', async () => {
    const calls: number[] = [];
    const f = await runnerFixture({ v3: (x: number) => x, v5: (x: number) => (calls.push(x), x) }, [
      { model: 'v5', fraction: 1 },
    ]);
    const sync = await runnerFixture(
      { v3: (x: number) => x, v5: (x: number) => (calls.push(x), x) },
      [{ model: 'v5', fraction: 1 }],
      {
        scheduler: { now: f.scheduler.now, timeout: f.scheduler.timeout, defer: (fn) => fn() },
      },
    );
    for (let i = 0; i < 3; i++) sync.runner.maybeMirror(sync.snapshot, sync.decision(), i, i, 1, undefined);
    expect(calls).toEqual([0, 1, 2]);
    expect(sync.runner.inFlight).toBe(0);
    expect(sync.metrics.count('compared v5 agree')).toBe(3);
  });

  it("compiles each snapshot's plan once, even when calls under an old and a new document interleave", async () => {
    const f = await runnerFixture({ v3: (x: number) => x, v5: (x: number) => x }, [{ model: 'v5', fraction: 1 }]);
    let hashes = 0;
    const counting = (text: string, seed?: number) => (hashes++, f.hash(text, seed));
    const runner = new ShadowRunner<number, number>({
      route: 'fraud',
      models: { v3: (x) => x, v5: (x) => x },
      isValid: () => true,
      clock: f.clock,
      hash: counting,
      metrics: () => f.metrics,
      options: { scheduler: f.scheduler },
      onWarning: processWarning,
    });
    const next = compileRoute(f.hash, 'fraud', {
      champion: 'v3',
      weights: { v3: 100 },
      shadow: [{ model: 'v5', fraction: 1 }],
    });
    for (let i = 0; i < 10; i++) runner.maybeMirror(i % 2 === 0 ? f.snapshot : next, f.decision(), i, i, 1, undefined);
    expect(hashes).toBe(2 * 2); // per snapshot: the seed and one target key
    runner.prepare(next);
    expect(hashes).toBe(4);
    f.scheduler.runDeferred();
    expect(f.metrics.count('compared v5 agree')).toBe(10);
  });

  it('hashes the recorded unit with unitKey when one is given', async () => {
    const records: ShadowRecord[] = [];
    const f = await runnerFixture({ v3: (x: number) => x, v5: (x: number) => x }, [{ model: 'v5', fraction: 1 }], {
      sinks: [callbackSink((r) => void records.push(r))],
      unitKey: 'a-secret-key',
    });
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, 'user-42');
    f.scheduler.runDeferred();
    expect(records).toHaveLength(1);
    expect(records[0]!.unit).toBe(unitPseudonym('user-42', 'a-secret-key'));
    expect(records[0]!.unit).not.toBe(unitPseudonym('user-42', 'fraud')); // not the default key (the route name)
  });

  it('counts sync throws and async rejections as errors, with no unhandled rejection', async () => {
    const f = await runnerFixture(
      {
        v3: (x: number) => x,
        v5: () => {
          throw new Error('sync boom');
        },
        v6: async () => {
          throw new Error('async boom');
        },
      },
      [
        { model: 'v5', fraction: 1 },
        { model: 'v6', fraction: 1 },
      ],
    );
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, undefined);
    f.scheduler.runDeferred();
    await new Promise((resolve) => setImmediate(resolve));
    expect(f.metrics.events.sort()).toEqual([
      'compared v5 error',
      'compared v6 error',
      'prediction v5 shadow error',
      'prediction v6 shadow error',
    ]);
    expect(f.runner.inFlight).toBe(0);
  });

  it('judges with the comparator: agree, disagree, a difference within tolerance, a throw', async () => {
    const f = await runnerFixture(
      { v3: (x: number) => x, v5: (x: number) => x + 0.05 },
      [{ model: 'v5', fraction: 1 }],
      {
        compare: (a, b) => {
          if (a === 99) throw new Error('bad comparator');
          return b - a;
        },
        tolerance: 0.1,
      },
    );
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, undefined);
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 0.5, 1, undefined);
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 99, 1, undefined);
    f.scheduler.runDeferred();
    expect(f.metrics.count('compared v5 agree')).toBe(1);
    expect(f.metrics.count('compared v5 disagree')).toBe(1);
    expect(f.metrics.count('compared v5 error')).toBe(1);
    expect(f.metrics.differences.map((d) => Math.round(d * 100) / 100)).toEqual([0.05, 0.55]);
  });

  it('counts an invalid shadow output as invalid and still compares it', async () => {
    const f = await runnerFixture<number | null>({ v3: (x: number) => x, v5: () => null }, [
      { model: 'v5', fraction: 1 },
    ]);
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, undefined);
    f.scheduler.runDeferred();
    expect(f.metrics.events).toEqual(['prediction v5 shadow invalid', 'compared v5 disagree']);
  });

  it('survives metrics, sinks and comparators that throw: the slot is freed and the sink counted', async () => {
    const warnings = captureWarnings();
    const throwingSink: ShadowSink = {
      write() {
        throw new Error('sink down');
      },
    };
    const fullSink: ShadowSink = { write: () => false };
    const f = await runnerFixture({ v3: (x: number) => x, v5: (x: number) => x }, [{ model: 'v5', fraction: 1 }], {
      sinks: [throwingSink, fullSink],
    });
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, 'u');
    f.scheduler.runDeferred();
    expect(f.metrics.count('dropped v5 sink')).toBe(2);
    expect(f.runner.inFlight).toBe(0);
    f.metrics.prediction = () => {
      throw new Error('metrics down');
    };
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, 'u');
    f.scheduler.runDeferred();
    expect(f.runner.inFlight).toBe(0);
    expect(warnings.map((w) => w.message)).toEqual([
      `modelroute: route "fraud": shadow records leave the unit out: there is no secret key for its pseudonym (set createRouter({ pseudonymKey }) or the MODELROUTE_PSEUDONYM_KEY environment variable; shadow.unit: 'omit' says you want it out)`,
      'modelroute: route "fraud": a shadow sink threw on write; records are dropped and counted: sink down',
      'modelroute: route "fraud": recording a shadow call failed: metrics down',
    ]);
  });

  it('writes a record with hashed unit, both models, both outputs (projected), both latencies and the outcome', async () => {
    const records: ShadowRecord[] = [];
    const slow = deferred<{ score: number; why: string }>(); // the shadow answers when we say so
    const f = await runnerFixture(
      { v3: (x: number) => ({ score: x, why: 'big' }), v5: () => slow.promise },
      [{ model: 'v5', fraction: 1 }],
      {
        sinks: [callbackSink((r) => void records.push(r))],
        project: (o) => o.score,
        timestamp: () => Date.UTC(2026, 10, 26, 12),
        recordInput: (x) => ({ x }),
      },
    );
    f.runner.maybeMirror(f.snapshot, f.decision(), 7, { score: 7, why: 'big' }, 2, 'user-42');
    f.scheduler.runDeferred();
    f.clock.advance(200);
    slow.resolve({ score: 8, why: 'bigger' });
    await slow.promise;
    await Promise.resolve();
    expect(records).toHaveLength(1);
    expect(records[0]).toEqual({
      time: '2026-11-26T12:00:00.000Z',
      route: 'fraud',
      configVersion: f.snapshot.version,
      input: { x: 7 },
      primary: { model: 'v3', output: 7, durationMs: 2, outcome: 'ok' },
      shadow: { model: 'v5', output: 8, durationMs: 200, outcome: 'ok' },
      comparison: 'disagree',
    });
    expect(JSON.stringify(records[0])).not.toContain('user-42'); // no key: the unit is left out
  });

  it('close() stops new mirrors (counted as closed), waits for calls in flight up to the deadline, then closes sinks', async () => {
    const answer = deferred<number>();
    const events: string[] = [];
    const sink: ShadowSink = {
      write: () => (events.push('write'), true),
      flush: async () => void events.push('flush'),
      close: async () => void events.push('close'),
    };
    const f = await runnerFixture(
      { v3: (x: number) => x, v5: () => answer.promise, v6: hang },
      [
        { model: 'v5', fraction: 1 },
        { model: 'v6', fraction: 1 },
      ],
      { sinks: [sink], drainTimeoutMs: 300, timeoutMs: 10_000 },
    );
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, undefined);
    f.scheduler.runDeferred();
    const closing = f.runner.close();
    expect(f.runner.close()).toBe(closing);
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, undefined);
    expect(f.metrics.count('dropped v5 closed')).toBe(1);
    expect(f.metrics.count('dropped v6 closed')).toBe(1);
    answer.resolve(1);
    await answer.promise;
    await Promise.resolve();
    expect(events).toEqual(['write']); // v5 answered within the deadline and was written; v6 hangs
    f.clock.advance(300);
    f.scheduler.runDue(); // the drain deadline
    await new Promise((resolve) => setImmediate(resolve));
    f.scheduler.runDue();
    await closing;
    expect(events).toEqual(['write', 'flush', 'close']);
    f.clock.advance(10_000);
    f.scheduler.runDue(); // v6's own timeout fires after close: counted, not written
    expect(events).toEqual(['write', 'flush', 'close']);
    expect(f.metrics.count('dropped v6 closed')).toBe(2);
    expect(f.runner.inFlight).toBe(0);
  });

  it("close() resolves even when a sink's flush hangs (bounded by drainTimeoutMs)", async () => {
    const f = await runnerFixture({ v3: (x: number) => x, v5: (x: number) => x }, [{ model: 'v5', fraction: 1 }], {
      sinks: [{ write: () => true, flush: () => new Promise(() => {}) }],
      drainTimeoutMs: 50,
    });
    const closing = f.runner.close();
    await Promise.resolve();
    f.clock.advance(50);
    await new Promise((resolve) => setImmediate(resolve));
    expect(f.scheduler.runDue()).toBe(1);
    await closing;
  });
});
