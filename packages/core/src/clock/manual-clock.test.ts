import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isModelrouteError } from '../errors/modelroute-error.js';
import { manualClock } from './manual-clock.js';

const thrown = (fn: () => void): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('manualClock', () => {
  it('moves only when told: advance adds, set jumps forward', () => {
    const clock = manualClock(100);
    expect(clock.now()).toBe(100);
    clock.advance(0);
    clock.advance(25);
    expect(clock.now()).toBe(125);
    clock.set(125);
    clock.set(1000);
    expect(clock.now()).toBe(1000);
    expect(manualClock().now()).toBe(0);
  });

  it('refuses a negative or NaN advance and a set backwards with ModelrouteError invalid_options, leaving the time as it was', () => {
    const clock = manualClock(50);
    for (const bad of [
      () => clock.advance(-1),
      () => clock.advance(Number.NaN),
      () => clock.set(49),
      () => clock.set(Number.NaN),
    ]) {
      const error = thrown(bad);
      expect(isModelrouteError(error, 'invalid_options'), String(error)).toBe(true);
      expect(clock.now()).toBe(50);
    }
    expect((thrown(() => clock.set(10)) as Error).message).toContain('cannot go backwards (now 50, got 10)');
    expect((thrown(() => clock.advance(-5)) as Error).message).toContain('must be a non-negative number, got -5');
  });

  it('never goes backwards under any sequence of calls, valid or not', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('advance' as const), ms: fc.double({ min: -1e6, max: 1e6 }) }),
            fc.record({ op: fc.constant('set' as const), ms: fc.double({ min: -1e6, max: 1e7 }) }),
          ),
        ),
        (ops) => {
          const clock = manualClock();
          let last = clock.now();
          for (const { op, ms } of ops) {
            const error = thrown(() => clock[op](ms));
            if (error !== undefined) expect(isModelrouteError(error, 'invalid_options')).toBe(true);
            expect(clock.now()).toBeGreaterThanOrEqual(last);
            last = clock.now();
          }
        },
      ),
    );
  });
});
