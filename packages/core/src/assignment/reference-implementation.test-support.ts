// An independent implementation of the published hash spec (spec/HASH-SPEC.md), in plain TypeScript
// with no WebAssembly: what a port to another language would write. The tests check it against the
// committed test vectors and against the production code.

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;
const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;
const mul = (a: number, b: number): number => Math.imul(a, b) >>> 0;
const round = (acc: number, lane: number): number => mul(rotl((acc + mul(lane, P2)) >>> 0, 13), P1);
const readU32 = (b: Uint8Array, i: number): number =>
  (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

/** XXH32 of `bytes` with `seed`, following the reference xxhash.h. */
export function xxh32Reference(bytes: Uint8Array, seed: number): number {
  const len = bytes.length;
  let i = 0;
  let h: number;
  if (len >= 16) {
    let v1 = (seed + P1 + P2) >>> 0;
    let v2 = (seed + P2) >>> 0;
    let v3 = seed >>> 0;
    let v4 = (seed - P1) >>> 0;
    for (; i + 16 <= len; i += 16) {
      v1 = round(v1, readU32(bytes, i));
      v2 = round(v2, readU32(bytes, i + 4));
      v3 = round(v3, readU32(bytes, i + 8));
      v4 = round(v4, readU32(bytes, i + 12));
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) >>> 0;
  } else {
    h = (seed + P5) >>> 0;
  }
  h = (h + len) >>> 0;
  for (; i + 4 <= len; i += 4) h = mul(rotl((h + mul(readU32(bytes, i), P3)) >>> 0, 17), P4);
  for (; i < len; i++) h = mul(rotl((h + mul(bytes[i]!, P5)) >>> 0, 11), P1);
  h ^= h >>> 15;
  h = mul(h, P2);
  h ^= h >>> 13;
  h = mul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export function fmix32Reference(h: number): number {
  h ^= h >>> 16;
  h = mul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = mul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The spec's assignment, step by step. */
export function assignReference(salt: string, unit: string, weights: Record<string, number>): string | undefined {
  const S = xxh32Reference(utf8(salt), 0);
  const H = xxh32Reference(utf8(unit), S);
  let best: string | undefined;
  let bestScore = -Infinity;
  const ids = Object.keys(weights).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const id of ids) {
    const w = weights[id]!;
    if (w <= 0) continue;
    const u = (fmix32Reference((H ^ xxh32Reference(utf8(id), S)) >>> 0) + 0.5) / 2 ** 32;
    const score = w / -Math.log(u);
    if (score > bestScore) {
      bestScore = score;
      best = id;
    }
  }
  return best;
}
