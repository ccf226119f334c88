import { StatsError } from '../errors/stats-error.js';
import { integerAtLeast, nonNegative, openUnit, options as readOptions } from '../errors/validate.js';
import { chiSquareSurvival } from '../numerics/chi-square-survival.js';

/** Options of {@link srmTest}. */
export interface SrmTestOptions {
  /**
   * p-value below which the split is declared broken. Deliberately strict, because an SRM check runs
   * continuously and on every experiment. Default: 0.001.
   */
  threshold?: number;
  /** Every arm with a positive weight needs at least this many units before `mismatch` can be true. Default: 8. */
  minCount?: number;
}

/** Result of {@link srmTest}. */
export interface SrmTestResult<K> {
  /** Pearson's statistic Σ (observed − expected)² / expected over arms with a positive weight. */
  chiSquare: number;
  /** Degrees of freedom: arms with a positive weight − 1. */
  df: number;
  /** P(χ²(df) ≥ chiSquare). */
  pValue: number;
  /** True when pValue < threshold and every weighted arm has at least minCount units (or when an arm with weight 0 received units). */
  mismatch: boolean;
  /** Expected counts wᵢ/Σw · N, in the shape of `counts`. */
  expected: K;
}

type Counts = readonly number[] | Readonly<Record<string, number>>;

function entries(fn: string, counts: unknown, weights: unknown): { keys: string[]; c: number[]; w: number[] } {
  if (Array.isArray(counts) && Array.isArray(weights)) {
    if (counts.length !== weights.length) {
      throw new StatsError(
        'invalid_argument',
        'weights',
        `${fn}: weights must have one entry per arm (got ${weights.length} weights for ${counts.length} counts)`,
      );
    }
    const keys = counts.map((_, i) => String(i));
    return { keys, c: counts as number[], w: weights as number[] };
  }
  if (
    typeof counts === 'object' &&
    counts !== null &&
    typeof weights === 'object' &&
    weights !== null &&
    !Array.isArray(counts) &&
    !Array.isArray(weights)
  ) {
    const keys = Object.keys(counts);
    const wk = Object.keys(weights);
    const missing = keys.filter((k) => !(k in weights)).concat(wk.filter((k) => !(k in counts)));
    if (missing.length > 0) {
      throw new StatsError(
        'invalid_argument',
        'weights',
        `${fn}: counts and weights must name the same arms (unmatched: ${missing.join(', ')})`,
      );
    }
    const cr = counts as Record<string, number>;
    const wr = weights as Record<string, number>;
    return { keys, c: keys.map((k) => cr[k]!), w: keys.map((k) => wr[k]!) };
  }
  throw new StatsError(
    'invalid_argument',
    'counts',
    `${fn}: counts and weights must both be arrays or both be objects keyed by arm`,
  );
}

/**
 * Sample-ratio mismatch test: Pearson's chi-square goodness-of-fit test of the observed units per arm
 * against the configured weights, for any number of arms (R. Kohavi, D. Tang and Y. Xu, "Trustworthy
 * Online Controlled Experiments", 2020, ch. 21; Fabijan et al., "Diagnosing sample ratio mismatch in
 * online controlled experiments", KDD 2019):
 *
 *   Eᵢ = wᵢ/Σw · N,  χ² = Σ (Oᵢ − Eᵢ)²/Eᵢ,  df = k − 1,  p = P(χ²_df ≥ χ²).
 *
 * `counts` and `weights` are arrays in the same order or objects keyed by arm name (for example a
 * rollout document's weights). Weights are relative shares. An arm with weight 0 is left out of the
 * test while it has no units; units in such an arm are a mismatch by themselves (χ² = ∞, p = 0).
 * With no units at all the result is χ² = 0, p = 1, no mismatch.
 *
 * @throws StatsError `invalid_argument` for negative, fractional or NaN counts, negative or NaN
 *   weights, mismatched shapes, fewer than two arms with a positive weight, or bad options.
 */
export function srmTest<C extends Counts>(counts: C, weights: Counts, options?: SrmTestOptions): SrmTestResult<C> {
  const fn = 'srmTest';
  const opts = readOptions(fn, options);
  const threshold =
    opts.threshold === undefined
      ? 0.001
      : openUnit(fn, 'threshold', opts.threshold, 'use a small p-value threshold such as 0.001');
  const minCount =
    opts.minCount === undefined
      ? 8
      : integerAtLeast(fn, 'minCount', opts.minCount, 0, 'use the minimum units per arm, for example 8');
  const { keys, c, w } = entries(fn, counts, weights);
  const label = (i: number): string => (Array.isArray(counts) ? `[${i}]` : `.${keys[i]}`);
  c.forEach((v, i) => integerAtLeast(fn, `counts${label(i)}`, v, 0, 'pass the number of units assigned to the arm'));
  w.forEach((v, i) => nonNegative(fn, `weights${label(i)}`, v, 'pass relative shares such as 50 and 50'));
  const weighted = w.map((_, i) => i).filter((i) => w[i]! > 0);
  if (weighted.length < 2) {
    throw new StatsError(
      'invalid_argument',
      'weights',
      `${fn}: weights must give at least two arms a positive share (got ${weighted.length}); an SRM test compares a split`,
    );
  }
  const total = c.reduce((s, v) => s + v, 0);
  // Shares of the largest weight first: weights near the largest double would sum to Infinity.
  const wMax = Math.max(...w);
  const wSum = w.reduce((s, v) => s + v / wMax, 0);
  const exp = w.map((wi) => (wi / wMax / wSum) * total);
  const expected = (Array.isArray(counts) ? exp : Object.fromEntries(keys.map((k, i) => [k, exp[i]]))) as unknown as C;
  const df = weighted.length - 1;
  if (c.some((v, i) => v > 0 && w[i] === 0)) {
    return { chiSquare: Infinity, df, pValue: 0, mismatch: true, expected };
  }
  if (total === 0) return { chiSquare: 0, df, pValue: 1, mismatch: false, expected };
  let chiSquare = 0;
  for (const i of weighted) chiSquare += (c[i]! - exp[i]!) ** 2 / exp[i]!;
  const pValue = chiSquareSurvival(chiSquare, df);
  const enough = weighted.every((i) => c[i]! >= minCount);
  return { chiSquare, df, pValue, mismatch: pValue < threshold && enough, expected };
}
