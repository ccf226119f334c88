import type { ShadowRecord } from '@modelroute/core';
import { manualClock, manualShadowScheduler } from '@modelroute/core/testing';

/** The test models' module (see test-models/models.mjs). */
export const MODELS = new URL('./test-models/models.mjs', import.meta.url);

/** The input of the test models' default export. */
export interface Behave {
  mode: 'ok' | 'throw' | 'throwNull' | 'stray' | 'crashLater' | 'hang' | 'exit' | 'invalid' | 'gate';
  value: number;
  gate?: Int32Array;
}
export type Scored = { score: number; threadId: number; loads: number };

/** A manual timer for `timeoutMs`: a timeout fires only when `fire()` moves the clock past it. */
export function manualTimer() {
  const clock = manualClock();
  const scheduler = manualShadowScheduler(clock);
  return {
    timer: scheduler,
    fire(ms: number): number {
      clock.advance(ms);
      return scheduler.runDue();
    },
  };
}

/** A gate for the 'gate' mode: `open()` lets the blocked call finish. */
export function gate(): { gate: Int32Array; open: () => void } {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return {
    gate: cell,
    open: () => {
      Atomics.store(cell, 0, 1);
      Atomics.notify(cell, 0);
    },
  };
}

/** Collects shadow records; `next(n)` resolves when n records have arrived in all. */
export function recordsSink() {
  const records: ShadowRecord[] = [];
  const waiters: Array<[number, () => void]> = [];
  return {
    records,
    write(record: ShadowRecord) {
      records.push(record);
      for (const [n, resolve] of waiters) if (records.length >= n) resolve();
    },
    next(n: number): Promise<void> {
      return records.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push([n, resolve]));
    },
  };
}
