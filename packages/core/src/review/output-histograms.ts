import { binOf, decileEdges } from './decile-edges.js';

/** How outputs are binned: numbers on edges, labels (strings, booleans) on the champion's top labels. */
type Mode = 'number' | 'label';

// Distinct labels counted per variant before the bins are fixed; later ones share "other".
const MAX_WARMUP_LABELS = 4096;
const OTHER = '\u0000other';

interface VariantBins {
  counts: Float64Array | undefined; // once the bins are fixed
  total: number;
  // Before the bins are fixed: numbers buffered, labels counted (both bounded).
  buffer: Float64Array | undefined;
  buffered: number;
  labels: Map<string, number> | undefined;
  /** Values that could not be binned: wrong type, or past the warm-up buffer. */
  skipped: number;
}

/** Options of {@link OutputHistograms}. */
export interface OutputHistogramOptions {
  readonly champion: string;
  readonly minPredictions: number;
  readonly bins?: readonly number[] | undefined;
  readonly topLabels: number;
}

/**
 * Streaming histograms of each variant's outputs over the same bins, in constant memory: numbers on the
 * document's edges or on the deciles of the champion's first `minPredictions` outputs, labels on the
 * champion's most frequent `topLabels` labels plus one bin for the rest. Until the bins are fixed each
 * variant buffers at most 4 × minPredictions numbers (or 4096 distinct labels); what does not fit is
 * skipped and counted.
 */
export class OutputHistograms {
  private readonly variants = new Map<string, VariantBins>();
  private mode: Mode | undefined;
  private edges: readonly number[] | undefined;
  private labelBins: Map<string, number> | undefined;

  constructor(private readonly options: OutputHistogramOptions) {
    if (options.bins !== undefined) {
      this.mode = 'number';
      this.edges = options.bins;
    }
  }

  /** The number of bins once fixed, else undefined. */
  get binCount(): number | undefined {
    return this.edges !== undefined ? this.edges.length + 1 : this.labelBins?.size;
  }

  /** The bins' names, for people: `≤ 0.12`, `> 0.9`, or labels and `other`. */
  binNames(): string[] {
    if (this.edges !== undefined) {
      const e = this.edges;
      return [...e.map((edge) => `<= ${edge}`), `> ${e[e.length - 1] ?? '-Infinity'}`];
    }
    return [...(this.labelBins?.keys() ?? [])].map((label) => (label === OTHER ? 'other' : label));
  }

  /** Counts one output of `variant`; returns that variant's total of binned outputs. */
  observe(variant: string, value: unknown): number {
    let bins = this.variants.get(variant);
    if (bins === undefined) {
      bins = { counts: undefined, total: 0, buffer: undefined, buffered: 0, labels: undefined, skipped: 0 };
      this.variants.set(variant, bins);
    }
    const kind: Mode | undefined =
      typeof value === 'number'
        ? Number.isFinite(value)
          ? 'number'
          : undefined
        : typeof value === 'string' || typeof value === 'boolean'
          ? 'label'
          : undefined;
    if (kind === undefined || (this.mode !== undefined && kind !== this.mode)) {
      bins.skipped++;
      return bins.total;
    }
    this.mode = kind;
    if (bins.counts === undefined && this.binCount !== undefined) bins.counts = new Float64Array(this.binCount);
    if (bins.counts !== undefined) {
      bins.counts[kind === 'number' ? binOf(this.edges!, value as number) : this.labelBin(String(value))]!++;
      return ++bins.total;
    }
    if (kind === 'number') this.buffer(bins, value as number);
    else this.countLabel(bins, String(value));
    if (variant === this.options.champion && bins.buffered >= this.options.minPredictions) this.fix();
    return bins.total;
  }

  /** Per variant, its counts per bin; undefined until the bins are fixed or for a variant never seen. */
  counts(variant: string): readonly number[] | undefined {
    const counts = this.variants.get(variant)?.counts;
    return counts === undefined ? undefined : Array.from(counts);
  }

  /** Every variant's live counts per bin, once the bins are fixed (for export; do not write to them). */
  allCounts(): Map<string, Float64Array> | undefined {
    if (this.binCount === undefined) return undefined;
    const all = new Map<string, Float64Array>();
    for (const [variant, bins] of this.variants) if (bins.counts !== undefined) all.set(variant, bins.counts);
    return all;
  }

  /** Outputs of `variant` that were not binned (not a finite number or label, or past the warm-up buffer). */
  skipped(variant: string): number {
    return this.variants.get(variant)?.skipped ?? 0;
  }

  private buffer(bins: VariantBins, value: number): void {
    bins.buffer ??= new Float64Array(this.options.minPredictions * 4);
    if (bins.buffered >= bins.buffer.length) {
      bins.skipped++;
      return;
    }
    bins.buffer[bins.buffered++] = value;
  }

  private countLabel(bins: VariantBins, label: string): void {
    bins.labels ??= new Map();
    const key = bins.labels.has(label) || bins.labels.size < MAX_WARMUP_LABELS ? label : OTHER;
    bins.labels.set(key, (bins.labels.get(key) ?? 0) + 1);
    bins.buffered++;
  }

  private labelBin(label: string): number {
    return this.labelBins!.get(label) ?? this.labelBins!.get(OTHER)!;
  }

  // The champion has its warm-up: fix the bins from its outputs, then bin every variant's buffer.
  private fix(): void {
    const champion = this.variants.get(this.options.champion)!;
    if (this.mode === 'number') this.edges = decileEdges(champion.buffer!, champion.buffered);
    else {
      const top = [...champion.labels!].filter(([label]) => label !== OTHER);
      top.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      this.labelBins = new Map(top.slice(0, this.options.topLabels).map(([label], i) => [label, i]));
      this.labelBins.set(OTHER, this.labelBins.size);
    }
    const size = this.binCount!;
    for (const bins of this.variants.values()) {
      bins.counts = new Float64Array(size);
      if (bins.buffer !== undefined)
        for (let i = 0; i < bins.buffered; i++) bins.counts[binOf(this.edges!, bins.buffer[i]!)]!++;
      if (bins.labels !== undefined) for (const [label, n] of bins.labels) bins.counts[this.labelBin(label)]! += n;
      bins.total = bins.buffered;
      bins.buffer = undefined;
      bins.labels = undefined;
    }
  }
}
