/** Why an outcome given to `router.track()` was not added to any summary. */
export type UnattributedReason = 'unexposed' | 'expired' | 'unknown_metric' | 'invalid_value' | 'no_experiment';

/** Every {@link UnattributedReason}, in a fixed order (the index into the counts). */
export const UNATTRIBUTED_REASONS: readonly UnattributedReason[] = [
  'unexposed',
  'expired',
  'unknown_metric',
  'invalid_value',
  'no_experiment',
];

/** One metric × variant: the count of values and the sums the counters export. */
export interface SummaryCounts {
  readonly n: number;
  /** Σ max(x, 0). */
  readonly positive: number;
  /** Σ max(−x, 0). */
  readonly negative: number;
  /** Σ x². */
  readonly squares: number;
}

/** The counts of one document version of an experiment. */
export interface VersionCounts {
  readonly version: string;
  readonly variants: readonly string[];
  readonly metricNames: readonly string[];
  /** By variant index. */
  readonly exposures: ArrayLike<number>;
  /** By variant index. */
  readonly failovers: ArrayLike<number>;
  /** [metric][variant]. */
  readonly summaries: readonly (readonly SummaryCounts[])[];
}

/**
 * What a router's experiment exports: kept locally (array increments on the call path) and read by the
 * observable instruments at collection time. No unit ids.
 */
export interface ExperimentCounts {
  readonly route: string;
  /** The document versions kept. */
  versions(): Iterable<VersionCounts>;
  /** Outcomes not attributed, by the index of {@link UNATTRIBUTED_REASONS}. */
  readonly unattributed: ArrayLike<number>;
}
