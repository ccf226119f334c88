// Log-bucket latency histogram arithmetic, shared by the sliding window (which keeps one small
// histogram per time bucket in a typed array) and the guard's reports.
//
// Bucket i > 0 holds latencies in (MIN * g^(i-1), MIN * g^i] with g = 2^(1/SUB_BUCKETS); bucket 0 holds
// everything at or below MIN. Reporting a bucket as 2 * MIN * g^i / (g + 1) (the point whose relative
// distance to both edges is equal) bounds the relative error of any quantile by (g - 1) / (g + 1):
// 4.33% with 8 sub-buckets per doubling. The same bound as DDSketch, without a dependency: the
// buckets are fixed so that merging and evicting are plain integer adds and subtracts.

/** Buckets per doubling of latency. */
export const SUB_BUCKETS = 8;
/** Smallest resolved latency, ms (1 µs). */
export const MIN_LATENCY_MS = 0.001;
/** Number of buckets: 30 doublings from 1 µs, that is up to about 18 minutes; slower calls land in the last bucket. */
export const HISTOGRAM_BUCKETS = 30 * SUB_BUCKETS;

const GAMMA = 2 ** (1 / SUB_BUCKETS);
/** Relative error bound of a reported quantile (within the resolved range): (g - 1) / (g + 1). */
export const QUANTILE_RELATIVE_ERROR = (GAMMA - 1) / (GAMMA + 1);

/** The bucket of a latency in ms. O(1): one log2. */
export function latencyBucket(ms: number): number {
  if (!(ms > MIN_LATENCY_MS)) return 0;
  const i = Math.ceil(Math.log2(ms / MIN_LATENCY_MS) * SUB_BUCKETS);
  return i >= HISTOGRAM_BUCKETS ? HISTOGRAM_BUCKETS - 1 : i;
}

/** The value a bucket reports: within {@link QUANTILE_RELATIVE_ERROR} of every latency it holds. */
export function bucketValue(index: number): number {
  if (index <= 0) return MIN_LATENCY_MS;
  return (2 * MIN_LATENCY_MS * GAMMA ** index) / (GAMMA + 1);
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
