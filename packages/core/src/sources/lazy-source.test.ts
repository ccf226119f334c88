import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lazySource } from './lazy-source.js';
import type { SourceUpdate } from './source.js';

const doc = (n: number): SourceUpdate => ({ type: 'document', document: { n }, origin: 'test' });

// Whether `promise` has settled, after letting pending microtasks run.
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
}

function counted(startDelivers?: SourceUpdate) {
  const calls = { start: 0, stop: 0 };
  const lazy = lazySource({
    name: 'test',
    start() {
      calls.start++;
      if (startDelivers) lazy.deliver(startDelivers);
    },
    stop() {
      calls.stop++;
    },
  });
  return { lazy, calls };
}

describe('lazySource', () => {
  it('starts on the first subscribe only, after adding that listener, and hands late listeners the latest', () => {
    const { lazy, calls } = counted(doc(1));
    expect(lazy.source.name).toBe('test');
    expect(lazy.source.delegate).toBeUndefined();
    expect(calls.start).toBe(0);
    const first: SourceUpdate[] = [];
    lazy.source.subscribe((u) => first.push(u));
    expect(calls.start).toBe(1);
    expect(first).toEqual([doc(1)]); // delivered inside start() and still received
    const second: SourceUpdate[] = [];
    lazy.source.subscribe((u) => second.push(u));
    expect(calls.start).toBe(1);
    expect(second).toEqual([doc(1)]);
    lazy.deliver(doc(2));
    expect(first).toEqual([doc(1), doc(2)]);
    expect(second).toEqual([doc(1), doc(2)]);
    expect(lazy.latest).toEqual(doc(2));
  });

  it('shares one ready promise that stays pending until settleReady, and settles once', async () => {
    const { lazy } = counted();
    const a = lazy.source.subscribe(() => {});
    const b = lazy.source.subscribe(() => {});
    expect(a.ready).toBe(b.ready);
    expect(await settled(a.ready)).toBe(false);
    let resolutions = 0;
    void a.ready.then(() => resolutions++);
    lazy.settleReady();
    lazy.settleReady();
    expect(await settled(a.ready)).toBe(true);
    expect(resolutions).toBe(1);
  });

  it('close is idempotent: stops once, settles ready, and later updates and subscribers go nowhere', async () => {
    let stopped = 0;
    let finishStop!: () => void;
    const lazy = lazySource({
      name: 'test',
      start() {},
      stop() {
        stopped++;
        return new Promise<void>((resolve) => (finishStop = resolve));
      },
    });
    const seen: SourceUpdate[] = [];
    const sub = lazy.source.subscribe((u) => seen.push(u));
    const first = lazy.source.close();
    const second = lazy.source.close();
    expect(second).toBe(first);
    expect(stopped).toBe(1);
    expect(lazy.closed).toBe(true);
    expect(await settled(sub.ready)).toBe(true);
    expect(await settled(first)).toBe(false); // waits for stop()'s promise
    finishStop();
    await first;
    await lazy.source.close();
    expect(stopped).toBe(1);
    lazy.deliver(doc(1));
    expect(seen).toEqual([]);
  });

  it('never starts, nor stops, when closed before anyone subscribes', async () => {
    const { lazy, calls } = counted(doc(1));
    await lazy.source.close();
    const seen: SourceUpdate[] = [];
    const sub = lazy.source.subscribe((u) => seen.push(u));
    expect(calls).toEqual({ start: 0, stop: 0 });
    expect(await settled(sub.ready)).toBe(true);
    expect(seen).toEqual([]);
  });

  it('passes the delegate through', () => {
    const delegate = { assign: () => 'm1' };
    expect(lazySource({ name: 'd', delegate, start() {}, stop() {} }).source.delegate).toBe(delegate);
  });

  it('for any sequence of subscribe, deliver and close: one start at most, one stop iff started, no delivery after close', async () => {
    const op = fc.oneof(
      fc.constant('subscribe' as const),
      fc.constant('unsubscribe' as const),
      fc.constant('close' as const),
      fc.integer({ min: 1, max: 9 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
        const { lazy, calls } = counted();
        const logs: SourceUpdate[][] = [];
        const subs: Array<{ unsubscribe(): void }> = [];
        const expected: SourceUpdate[][] = [];
        const live = new Set<number>();
        let latest: SourceUpdate | undefined;
        let closed = false;
        let subscribedBeforeClose = false;
        const closes: Promise<void>[] = [];
        for (const o of ops) {
          if (o === 'subscribe') {
            const i = logs.length;
            logs.push([]);
            expected.push(latest ? [latest] : []);
            subs.push(lazy.source.subscribe((u) => logs[i]!.push(u)));
            if (!closed) {
              live.add(i);
              subscribedBeforeClose = true;
            }
          } else if (o === 'unsubscribe') {
            const i = subs.length - 1;
            subs[i]?.unsubscribe();
            live.delete(i);
          } else if (o === 'close') {
            closes.push(lazy.source.close());
            closed = true;
            live.clear();
          } else {
            lazy.deliver(doc(o));
            if (!closed) {
              latest = doc(o);
              for (const i of live) expected[i]!.push(doc(o));
            }
          }
        }
        await Promise.all(closes);
        expect(calls.start).toBe(subscribedBeforeClose ? 1 : 0);
        expect(calls.stop).toBe(subscribedBeforeClose && closed ? 1 : 0);
        expect(logs).toEqual(expected);
        expect(lazy.closed).toBe(closed);
      }),
    );
  });
});
