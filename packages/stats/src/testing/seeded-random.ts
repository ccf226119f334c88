/**
 * Deterministic random numbers for tests and simulations (not part of the public API).
 *
 * Uniforms from mulberry32 (Tommy Ettinger's 32-bit generator: period 2³², passes PractRand to
 * several GB, ample for the millions of draws a test makes), combined two at a time into 53-bit
 * doubles; normals by the Box–Muller transform (G. E. P. Box and M. E. Muller, 1958).
 * @internal
 */
export interface SeededRandom {
  /** Uniform on (0, 1), never 0 or 1. */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Bernoulli(p): 1 with probability p. */
  bernoulli(p: number): 0 | 1;
}

/** @internal A {@link SeededRandom} from a 32-bit seed. */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const uniform = (): number => {
    const hi = next32() >>> 5; // 27 bits
    const lo = next32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  };
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  return { uniform, normal, bernoulli: (p) => (uniform() < p ? 1 : 0) };
}
