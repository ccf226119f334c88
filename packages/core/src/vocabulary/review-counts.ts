import type { ReviewTrigger } from './review-signal.js';

/** The soft triggers in a fixed order (the index into the signal counts). */
export const REVIEW_TRIGGERS: readonly ReviewTrigger[] = ['prediction_shift', 'metric_regression', 'attribution_shift'];

/**
 * What a router's review exports, read by the observable instruments at collection time: the output
 * histograms of the version in force (so that a fleet can compute the same PSI by summing bins across
 * instances, with the document's `bins`), and the signals raised. No unit ids, no outputs: bins are indices.
 */
export interface ReviewCounts {
  readonly route: string;
  /** The version in force and, per variant, its counts per bin; undefined while the bins are not fixed. */
  bins(): { readonly version: string; readonly variants: ReadonlyMap<string, ArrayLike<number>> } | undefined;
  /** Signals raised since the router was made, per variant: counts by the index of {@link REVIEW_TRIGGERS}. */
  signals(): ReadonlyMap<string, ArrayLike<number>>;
}
