import type { Hash32 } from './hasher.js';

/**
 * Sticky weighted assignment, version 1 of the published spec (packages/core/spec/HASH-SPEC.md).
 *
 *   S   = xxh32(utf8(salt), 0)
 *   H   = xxh32(utf8(unit), S)
 *   K_v = xxh32(utf8(v), S)                 per variant, computed when a document is applied
 *   u_v = (fmix32(H xor K_v) + 0.5) / 2^32
 *   pick the v with w_v > 0 that maximizes w_v / -ln(u_v); ties go to the first id in UTF-8 byte order
 *
 * One wasm hash per call whatever the number of variants; the per-variant work is integer mixing.
 */
export const HASH_SPEC_VERSION = 1;

/** What a rollout needs precomputed for {@link assignIndex}: variants sorted by UTF-8 bytes. */
export interface AssignmentTable {
  readonly seed: number;
  readonly ids: readonly string[];
  readonly weights: Float64Array;
  readonly keys: Uint32Array;
  /** Sum of the weights, for unit-less (random) assignment. */
  readonly total: number;
}

/** MurmurHash3's 32-bit finalizer: a bijection on 32-bit integers with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** Builds the table for `weights` under `salt`. Variants with weight 0 are kept but never chosen. */
export function buildAssignmentTable(
  hash: Hash32,
  salt: string,
  weights: Readonly<Record<string, number>>,
): AssignmentTable {
  const seed = hash(salt, 0);
  const ids = Object.keys(weights).sort(byUtf8);
  const table = {
    seed,
    ids,
    weights: Float64Array.from(ids, (id) => weights[id] ?? 0),
    keys: Uint32Array.from(ids, (id) => hash(id, seed)),
    total: 0,
  };
  table.total = table.weights.reduce((sum, w) => sum + w, 0);
  return table;
}

/** The index into `table.ids` assigned to `unit`; -1 only when every weight is 0. */
export function assignIndex(hash: Hash32, table: AssignmentTable, unit: string): number {
  const h = hash(unit, table.seed);
  const { weights, keys } = table;
  let best = -1;
  let bestScore = -1;
  for (let i = 0; i < keys.length; i++) {
    const w = weights[i]!;
    if (w <= 0) continue;
    const u = (fmix32((h ^ keys[i]!) >>> 0) + 0.5) / 4294967296;
    const score = w / -Math.log(u);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** A random index with probability proportional to weight: for calls that carry no unit. */
export function randomIndex(table: AssignmentTable, random: () => number = Math.random): number {
  let r = random() * table.total;
  let last = -1;
  for (let i = 0; i < table.weights.length; i++) {
    const w = table.weights[i]!;
    if (w <= 0) continue;
    last = i;
    if (r < w) return i;
    r -= w;
  }
  return last;
}
