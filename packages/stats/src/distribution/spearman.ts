import { StatsError } from '../errors/stats-error.js';
import { finite } from '../errors/validate.js';

/** Ranks from 1, ties sharing their mean rank. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const mean = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) out[order[t]![1]] = mean;
    i = j + 1;
  }
  return out;
}

/**
 * Spearman's rank correlation of two paired samples: Pearson's correlation of their ranks (ties share
 * their mean rank), from −1 to 1. Returns 1 when either sample is constant and both are equal, 0 when
 * only one is constant (no order to compare).
 */
export function spearmanRankCorrelation(a: readonly number[], b: readonly number[]): number {
  const fn = 'spearmanRankCorrelation';
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length || a.length < 2)
    throw new StatsError(
      'invalid_argument',
      'b',
      `${fn}: a and b must be arrays of the same length, at least 2 (got ${Array.isArray(a) ? a.length : typeof a} and ${Array.isArray(b) ? b.length : typeof b}); pass one value per item in each`,
    );
  a.forEach((v, i) => finite(fn, `a[${i}]`, v));
  b.forEach((v, i) => finite(fn, `b[${i}]`, v));
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (a.length + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < ra.length; i++) {
    const da = ra[i]! - mean;
    const db = rb[i]! - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return saa === sbb && a.every((v, i) => v === b[i]) ? 1 : 0;
  return sab / Math.sqrt(saa * sbb);
}
