import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { createRouter } from '../router/create-router.js';
import { staticSource } from '../sources/static-source.js';
import { ATTR, INSTRUMENTS } from '../telemetry/instruments.js';
import { collect, sdkProvider } from '../telemetry/metrics.test-support.js';
import type { Model } from '../vocabulary/model.js';
import type { ModelrouteWarning } from '../vocabulary/warning.js';
import { callbackSink } from './callback-sink.js';
import { manualShadowScheduler } from './manual-scheduler.js';
import type { ShadowRecord } from './shadow-record.js';

type Out = { score: number };

/** A shadow model with a bounded room of its own, like a workerModel's pool: `room` is what capacity() reports. */
function bounded(room: () => number) {
  const calls: number[] = [];
  const model: Model<number, Out> = Object.assign(
    (x: number) => {
      calls.push(x);
      return { score: x };
    },
    { capacity: room },
  );
  return { model, calls };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function shadowed(shadowModel: Model<number, Out>) {
  const clock = manualClock();
  const scheduler = manualShadowScheduler(clock);
  const records: ShadowRecord[] = [];
  const warnings: ModelrouteWarning[] = [];
  const { provider, reader } = sdkProvider();
  const router = await createRouter<number, Out>({
    route: 'fraud',
    models: { v3: (x) => ({ score: x }), v5: shadowModel },
    source: staticSource({
      routes: { fraud: { champion: 'v3', weights: { v3: 1 }, shadow: [{ model: 'v5', fraction: 1 }] } },
    }),
    fallback: 'v3',
    clock,
    meterProvider: provider,
    onWarning: (w) => void warnings.push(w),
    shadow: { scheduler, unit: 'omit', sinks: [callbackSink((r) => void records.push(r))] },
  });
  closers.push(() => router.close());
  const drops = async () =>
    (await collect(reader))
      .filter((p) => p.name === INSTRUMENTS.shadowDrops.name && p.attributes[ATTR.shadowDropReason] === 'capacity')
      .reduce((n, p) => n + p.value, 0);
  return { router, scheduler, records, warnings, drops };
}

describe('a shadow model that reports its capacity', () => {
  it('gets no call while it has no room: each copy is dropped and counted (capacity) before anything is queued', async () => {
    const { model, calls } = bounded(() => 0);
    const f = await shadowed(model);
    for (let i = 0; i < 5; i++) await f.router.predict(i);
    f.scheduler.runDeferred();
    await Promise.resolve();
    expect(calls).toEqual([]);
    expect(f.records).toEqual([]);
    expect(await f.drops()).toBe(5);
  });

  it('gets at most its room of copies from the callers of one turn, counting the copies queued and not started yet', async () => {
    let room = 2;
    const { model, calls } = bounded(() => room);
    const f = await shadowed(model);
    for (let i = 0; i < 5; i++) await f.router.predict(i); // the copies start only when the scheduler runs them
    f.scheduler.runDeferred();
    await Promise.resolve();
    expect(calls).toEqual([0, 1]);
    expect(await f.drops()).toBe(3);

    // Started copies no longer count against the room: the next turn may queue as many again.
    room = 1;
    for (let i = 5; i < 8; i++) await f.router.predict(i);
    f.scheduler.runDeferred();
    await Promise.resolve();
    expect(calls).toEqual([0, 1, 5]);
    expect(await f.drops()).toBe(5);
    expect(f.records.map((r) => r.shadow.outcome)).toEqual(['ok', 'ok', 'ok']);
  });

  it('whose capacity() throws is treated as having room, with one warning', async () => {
    const { model, calls } = bounded(() => {
      throw new Error('no idea');
    });
    const f = await shadowed(model);
    for (let i = 0; i < 3; i++) await f.router.predict(i);
    f.scheduler.runDeferred();
    await Promise.resolve();
    expect(calls).toEqual([0, 1, 2]);
    expect(await f.drops()).toBe(0);
    expect(f.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining("a model's capacity() failed, so its copies were queued: no idea"),
    ]);
  });
});
