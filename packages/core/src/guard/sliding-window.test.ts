import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HISTOGRAM_BUCKETS,
  MIN_LATENCY_MS,
  QUANTILE_RELATIVE_ERROR,
  SUB_BUCKETS,
  histogramQuantile,
  latencyBucket,
} from './latency-histogram.js';
import { SlidingWindows, WINDOW_BUCKETS } from './sliding-window.js';
import { slowCallsAllowed } from './triggers.js';

const event = fc.record({
  gap: fc.oneof(
    fc.constant(0),
    fc.double({ min: 0, max: 5000, noNaN: true }),
    fc.double({ min: 0, max: 1e8, noNaN: true }),
  ),
  error: fc.boolean(),
  invalid: fc.boolean(),
  ms: fc.double({ min: 0, max: 1000, noNaN: true }),
  variant: fc.integer({ min: 0, max: 2 }),
});

describe('SlidingWindows', () => {
  it('holds exactly the calls of the last WINDOW_BUCKETS buckets, after any gaps (a naive recount agrees)', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 300 }),
        fc.double({ min: 100, max: 120_000, noNaN: true }),
        (events, windowMs) => {
          const w = new SlidingWindows(3, windowMs, 250);
          const log: Array<{ bucket: number; variant: number; error: boolean; invalid: boolean; slow: boolean }> = [];
          let now = 0;
          for (const e of events) {
            now += e.gap;
            w.record(e.variant, now, e.error, e.invalid, e.ms);
            log.push({
              bucket: Math.floor(now / w.bucketMs),
              variant: e.variant,
              error: e.error,
              invalid: e.invalid,
              slow: e.ms > 250,
            });
            const head = Math.floor(now / w.bucketMs);
            for (let v = 0; v < 3; v++) {
              w.advance(v, now);
              const live = log.filter((x) => x.variant === v && x.bucket > head - WINDOW_BUCKETS);
              expect(w.calls[v]).toBe(live.length);
              expect(w.errors[v]).toBe(live.filter((x) => x.error).length);
              expect(w.invalid[v]).toBe(live.filter((x) => x.invalid).length);
              expect(w.slow[v]).toBe(live.filter((x) => x.slow).length);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('empties a variant on clear() and keeps the others', () => {
    const w = new SlidingWindows(2, 1000, 100);
    w.record(0, 0, true, false, 5);
    w.record(1, 0, false, true, 500);
    w.clear(0);
    expect([w.calls[0], w.errors[0], w.calls[1], w.invalid[1], w.slow[1]]).toEqual([0, 0, 1, 1, 1]);
    expect(Number.isNaN(w.p99(0, 0))).toBe(true);
  });
});

describe('latency histogram', () => {
  it('reports any quantile within QUANTILE_RELATIVE_ERROR (3.03%) of the exact nearest-rank value', () => {
    expect(QUANTILE_RELATIVE_ERROR).toBeCloseTo(0.0303, 4);
    const ms = fc.oneof(
      fc.double({ min: MIN_LATENCY_MS, max: MIN_LATENCY_MS * 2 ** 30, noNaN: true }),
      fc.double({ min: 0.5, max: 500, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(ms, { minLength: 1, maxLength: 400 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (values, q) => {
          const counts = new Uint32Array(HISTOGRAM_BUCKETS);
          for (const v of values) counts[latencyBucket(v)]!++;
          const sorted = [...values].sort((a, b) => a - b);
          const exact = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
          const estimate = histogramQuantile(counts, 0, values.length, q);
          expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(QUANTILE_RELATIVE_ERROR + 1e-9); // float rounding at bucket edges;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('spans 1 µs to about 17.9 minutes in 30 doublings, monotonically', () => {
    expect(HISTOGRAM_BUCKETS).toBe(30 * SUB_BUCKETS + 1);
    expect(latencyBucket(MIN_LATENCY_MS * 2 ** 30 * 0.999)).toBe(HISTOGRAM_BUCKETS - 1);
    expect(latencyBucket(MIN_LATENCY_MS)).toBe(1);
    expect(latencyBucket(MIN_LATENCY_MS * 0.999)).toBe(0);
    // Monotone: a larger latency never lands in a lower bucket.
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2e6, noNaN: true }),
        fc.double({ min: 0, max: 2e6, noNaN: true }),
        (a, b) => {
          expect(latencyBucket(Math.min(a, b))).toBeLessThanOrEqual(latencyBucket(Math.max(a, b)));
        },
      ),
    );
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(Number.NaN)).toBe(0);
    expect(latencyBucket(1e12)).toBe(HISTOGRAM_BUCKETS - 1);
  });

  it('tests p99 > SLA exactly by counting slow calls (nearest rank)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { minLength: 1, maxLength: 500 }),
        (values) => {
          const sorted = [...values].sort((a, b) => a - b);
          const p99 = sorted[Math.ceil(0.99 * sorted.length) - 1]!;
          const slow = values.filter((v) => v > 100).length;
          expect(slow > slowCallsAllowed(values.length)).toBe(p99 > 100);
        },
      ),
    );
  });
});
