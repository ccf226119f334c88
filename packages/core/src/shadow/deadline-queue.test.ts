import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { DeadlineQueue, type DeadlineEntry } from './deadline-queue.js';
import { manualShadowScheduler } from './manual-scheduler.js';

const entry = (id: number, expired: number[]): DeadlineEntry => ({
  deadline: 0,
  prev: undefined,
  next: undefined,
  queued: false,
  expire: () => expired.push(id),
});

describe('DeadlineQueue', () => {
  it('expires exactly the entries still queued at their deadline, each once, never early, under one timer (property)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const) }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 120 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.array(op, { maxLength: 80 }), (timeoutMs, ops) => {
        const clock = manualClock();
        const scheduler = manualShadowScheduler(clock);
        const queue = new DeadlineQueue(scheduler, timeoutMs);
        const expired: number[] = [];
        const live = new Map<number, { e: DeadlineEntry; due: number }>();
        const gone = new Set<number>();
        let next = 0;
        const check = () => {
          for (const [id, { due }] of live) {
            if (due <= clock.now()) {
              expect(expired).toContain(id);
              live.delete(id);
              gone.add(id);
            }
          }
          for (const id of expired) expect(gone.has(id)).toBe(true);
          expect(new Set(expired).size).toBe(expired.length);
          expect(scheduler.timerCount).toBeLessThanOrEqual(1);
        };
        for (const o of ops) {
          if (o.kind === 'add') {
            const id = next++;
            const e = entry(id, expired);
            queue.add(e);
            live.set(id, { e, due: clock.now() + timeoutMs });
          } else if (o.kind === 'remove' && live.size > 0) {
            const [id, { e }] = [...live][o.pick % live.size]!;
            queue.remove(e);
            queue.remove(e); // idempotent
            live.delete(id);
          } else if (o.kind === 'advance') {
            clock.advance(o.ms);
            while (scheduler.runDue() > 0);
          }
          check();
        }
        // Every expired id was due; no live entry has expired.
        for (const id of live.keys()) expect(expired).not.toContain(id);
      }),
    );
  });
});
