import { HISTOGRAM_BUCKETS, histogramQuantile, latencyBucket } from './latency-histogram.js';

/** Time buckets per window: the window slides in steps of `windowMs / WINDOW_BUCKETS` (5%). */
export const WINDOW_BUCKETS = 20;

/**
 * Time-based sliding windows for the variants of one route: calls, errors, invalid predictions, calls
 * slower than the SLA, and a latency histogram, per variant, over the last `windowMs`.
 *
 * Layout: a ring of {@link WINDOW_BUCKETS} time buckets per variant in flat typed arrays, allocated once
 * when a document is applied. A call lands in bucket `floor(now / bucketMs)`; running totals make every
 * read O(1). Buckets are reset lazily: when a variant's clock moves to a later bucket, the buckets it
 * skipped (at most the whole ring, whatever the idle gap) are subtracted from the totals and zeroed.
 * Recording allocates nothing. The window covers between `windowMs - bucketMs` and `windowMs` of the past.
 */
export class SlidingWindows {
  /** Width of a time bucket, ms. */
  readonly bucketMs: number;
  /** Calls in the window, per variant. */
  readonly calls: Float64Array;
  /** Errors and timeouts in the window, per variant. */
  readonly errors: Float64Array;
  /** Invalid predictions in the window, per variant. */
  readonly invalid: Float64Array;
  /** Calls slower than `slowerThanMs` in the window, per variant: an exact p99-versus-SLA test. */
  readonly slow: Float64Array;
  private readonly slowerThanMs: number;
  private readonly head: Float64Array;
  private readonly headEnd: Float64Array;
  private readonly headSlot: Int32Array;
  private readonly bCalls: Uint32Array;
  private readonly bErrors: Uint32Array;
  private readonly bInvalid: Uint32Array;
  private readonly bSlow: Uint32Array;
  private readonly bHist: Uint32Array;
  private readonly hist: Uint32Array;

  constructor(variants: number, windowMs: number, slowerThanMs: number) {
    this.bucketMs = windowMs / WINDOW_BUCKETS;
    this.slowerThanMs = slowerThanMs;
    this.calls = new Float64Array(variants);
    this.errors = new Float64Array(variants);
    this.invalid = new Float64Array(variants);
    this.slow = new Float64Array(variants);
    this.head = new Float64Array(variants).fill(Number.NEGATIVE_INFINITY);
    this.headEnd = new Float64Array(variants).fill(Number.NEGATIVE_INFINITY);
    this.headSlot = new Int32Array(variants);
    const cells = variants * WINDOW_BUCKETS;
    this.bCalls = new Uint32Array(cells);
    this.bErrors = new Uint32Array(cells);
    this.bInvalid = new Uint32Array(cells);
    this.bSlow = new Uint32Array(cells);
    this.bHist = new Uint32Array(cells * HISTOGRAM_BUCKETS);
    this.hist = new Uint32Array(variants * HISTOGRAM_BUCKETS);
  }

  /** Records one call of variant `v` at time `now`. O(1), no allocation. */
  record(v: number, now: number, error: boolean, invalid: boolean, durationMs: number): void {
    this.advance(v, now);
    const cell = v * WINDOW_BUCKETS + this.headSlot[v]!;
    const h = latencyBucket(durationMs);
    this.bCalls[cell]!++;
    this.calls[v]!++;
    this.bHist[cell * HISTOGRAM_BUCKETS + h]!++;
    this.hist[v * HISTOGRAM_BUCKETS + h]!++;
    if (error) {
      this.bErrors[cell]!++;
      this.errors[v]!++;
    }
    if (invalid) {
      this.bInvalid[cell]!++;
      this.invalid[v]!++;
    }
    if (durationMs > this.slowerThanMs) {
      this.bSlow[cell]!++;
      this.slow[v]!++;
    }
  }

  /** Moves variant `v`'s window to `now`, evicting what fell out. Amortized O(1). */
  advance(v: number, now: number): void {
    if (now < this.headEnd[v]!) return; // still in the head bucket: one comparison, no division
    const bucket = Math.floor(now / this.bucketMs);
    const head = this.head[v]!;
    if (bucket <= head) return;
    const steps = bucket - head >= WINDOW_BUCKETS ? WINDOW_BUCKETS : bucket - head;
    let slot = this.headSlot[v]!;
    for (let k = 0; k < steps; k++) {
      slot = slot + 1 === WINDOW_BUCKETS ? 0 : slot + 1;
      this.evict(v, slot);
    }
    this.head[v] = bucket;
    this.headEnd[v] = (bucket + 1) * this.bucketMs;
    this.headSlot[v] = slot;
  }

  /** The nearest-rank p99 latency of variant `v` in the window (NaN without calls); see latency-histogram.ts for the error bound. */
  p99(v: number, now: number): number {
    return this.quantile(v, now, 0.99);
  }

  /** The nearest-rank quantile `q` of variant `v`'s latencies in the window. O(histogram buckets). */
  quantile(v: number, now: number, q: number): number {
    this.advance(v, now);
    return histogramQuantile(this.hist, v * HISTOGRAM_BUCKETS, this.calls[v]!, q);
  }

  /** Empties variant `v`'s window. */
  clear(v: number): void {
    for (let slot = 0; slot < WINDOW_BUCKETS; slot++) this.evict(v, slot);
  }

  private evict(v: number, slot: number): void {
    const cell = v * WINDOW_BUCKETS + slot;
    const calls = this.bCalls[cell]!;
    if (calls === 0) return;
    this.calls[v]! -= calls;
    this.errors[v]! -= this.bErrors[cell]!;
    this.invalid[v]! -= this.bInvalid[cell]!;
    this.slow[v]! -= this.bSlow[cell]!;
    this.bCalls[cell] = 0;
    this.bErrors[cell] = 0;
    this.bInvalid[cell] = 0;
    this.bSlow[cell] = 0;
    const from = cell * HISTOGRAM_BUCKETS;
    const to = v * HISTOGRAM_BUCKETS;
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) {
      const n = this.bHist[from + i]!;
      if (n !== 0) {
        this.hist[to + i]! -= n;
        this.bHist[from + i] = 0;
      }
    }
  }
}
