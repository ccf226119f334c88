// Features tracked per route; attributions of features past this many are ignored (and counted).
const MAX_FEATURES = 1024;

/** Per variant, the running mean of |attribution| per feature, in constant memory. */
export class FeatureAttributions {
  private readonly features = new Map<string, number>();
  private readonly sums = new Map<string, Float64Array>();
  private readonly counts = new Map<string, number>();
  /** Attributions that were ignored: features past the limit, or values that were not finite numbers. */
  ignored = 0;

  /** Adds one explained call of `variant`; returns its number of explained calls. */
  observe(variant: string, attributions: Readonly<Record<string, unknown>>): number {
    let sums = this.sums.get(variant);
    if (sums === undefined) {
      sums = new Float64Array(MAX_FEATURES);
      this.sums.set(variant, sums);
    }
    for (const feature in attributions) {
      const value = attributions[feature];
      let index = this.features.get(feature);
      if (index === undefined && this.features.size < MAX_FEATURES) {
        index = this.features.size;
        this.features.set(feature, index);
      }
      if (index === undefined || typeof value !== 'number' || !Number.isFinite(value)) this.ignored++;
      else sums[index]! += Math.abs(value);
    }
    const n = (this.counts.get(variant) ?? 0) + 1;
    this.counts.set(variant, n);
    return n;
  }

  /** Explained calls of `variant`. */
  explained(variant: string): number {
    return this.counts.get(variant) ?? 0;
  }

  /** Mean |attribution| per feature for `variant` (features in first-seen order; 0 where never seen). */
  meanAbsolute(variant: string): { features: string[]; means: number[] } {
    const n = this.counts.get(variant) ?? 0;
    const sums = this.sums.get(variant);
    const features = [...this.features.keys()];
    return { features, means: features.map((_, i) => (sums === undefined || n === 0 ? 0 : sums[i]! / n)) };
  }
}
