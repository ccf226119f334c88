// Log-linear latency histogram arithmetic (the HdrHistogram layout), shared by the sliding window
// (one small histogram per time bucket, in a typed array) and the guard's reports.
//
// Latencies are bucketed in microseconds: bucket 0 holds everything below 1 µs; above that each
// doubling [2^e, 2^(e+1)) µs is split into SUB_BUCKETS equal parts, so bucket 1 + e * SUB_BUCKETS + k
// holds [2^e (1 + k/S), 2^e (1 + (k+1)/S)). The index comes from the bits of the float (exponent and
// top mantissa bits): no Math.log on the call path (a benchmark showed log2 at about a third of the
// record cost). A bucket [a, b) reports 2ab / (a + b), whose relative distance to both edges is
// (b - a) / (a + b), at most 1 / (2S + 1): 3.03% with S = 16. So any quantile from 1 µs to about
// 17.9 minutes is reported within 3.03% of the exact nearest-rank value; below 1 µs it is reported
// as 1 µs. Fixed buckets make merging and evicting plain integer subtraction, as in DDSketch.

/** Linear sub-buckets per doubling of latency. */
export const SUB_BUCKETS = 16;
/** Smallest resolved latency, ms (1 µs). */
export const MIN_LATENCY_MS = 0.001;
const DOUBLINGS = 30;
/** Number of buckets: bucket 0, then 30 doublings from 1 µs (up to 2^30 µs, about 17.9 minutes; slower calls land in the last). */
export const HISTOGRAM_BUCKETS = 1 + DOUBLINGS * SUB_BUCKETS;
/** Relative error bound of a reported quantile from 1 µs up: 1 / (2 * SUB_BUCKETS + 1). */
export const QUANTILE_RELATIVE_ERROR = 1 / (2 * SUB_BUCKETS + 1);

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // the high word's index (1 on little-endian)
const SUB_SHIFT = 20 - Math.log2(SUB_BUCKETS);

/** The bucket of a latency in ms. O(1): a multiply and a few bit operations. */
export function latencyBucket(ms: number): number {
  const us = ms * 1000;
  if (!(us >= 1)) return 0;
  f64[0] = us;
  const hi = u32[HI]!;
  const i = 1 + ((hi >>> 20) - 1023) * SUB_BUCKETS + ((hi >>> SUB_SHIFT) & (SUB_BUCKETS - 1));
  return i >= HISTOGRAM_BUCKETS ? HISTOGRAM_BUCKETS - 1 : i;
}

/** The value a bucket reports, ms: within {@link QUANTILE_RELATIVE_ERROR} of every latency it holds. */
export function bucketValue(index: number): number {
  if (index <= 0) return MIN_LATENCY_MS;
  const e = Math.floor((index - 1) / SUB_BUCKETS);
  const k = (index - 1) % SUB_BUCKETS;
  const a = 2 ** e * (1 + k / SUB_BUCKETS);
  const b = 2 ** e * (1 + (k + 1) / SUB_BUCKETS);
  return ((2 * a * b) / (a + b)) * MIN_LATENCY_MS;
}

/**
 * The nearest-rank quantile `q` (0 < q <= 1) of `count` values held in `counts[offset .. offset + HISTOGRAM_BUCKETS)`.
 * NaN when there are no values.
 */
export function histogramQuantile(counts: Uint32Array, offset: number, count: number, q: number): number {
  if (count <= 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * count));
  let seen = 0;
  for (let i = 0; i < HISTOGRAM_BUCKETS; i++) {
    seen += counts[offset + i]!;
    if (seen >= rank) return bucketValue(i);
  }
  return bucketValue(HISTOGRAM_BUCKETS - 1);
}
