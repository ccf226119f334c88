/**
 * The units already counted under one document version, as a Bloom filter: a unit is counted once however
 * often the exposure table forgets it and it comes back. Fixed memory (`bits` / 8 bytes, allocated on the
 * first unit). A false positive leaves a new unit out of the count; whether it does depends on the unit's
 * hash here, not on its variant, so the counts stay in the weights' proportions and the sample ratio check
 * stays valid (the counts fall short of the distinct units by the false positive rate: about 0.1% at
 * `bits / 16` units, 50% at `bits / 2`).
 */
export class UnitFilter {
  private words: Uint32Array | undefined;
  private readonly mask: number;

  /** `bits`: a power of two, at least 32. */
  constructor(private readonly bits: number) {
    this.mask = bits - 1;
  }

  /** Adds `unit`; true when it was not in the filter (a unit to count). */
  add(unit: string): boolean {
    this.words ??= new Uint32Array(this.bits >>> 5);
    const words = this.words;
    const h = fnv1a(unit);
    const h1 = mix(h);
    const h2 = mix(h ^ 0x9e3779b9) | 1;
    let added = false;
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      if ((words[word]! & flag) === 0) {
        words[word]! |= flag;
        added = true;
      }
    }
    return added;
  }
}

const PROBES = 4;

/** The filter size for an exposure table of `maxUnits`: 16 bits a unit, a power of two. */
export function unitFilterBits(maxUnits: number): number {
  return 2 ** Math.max(5, Math.min(31, Math.ceil(Math.log2(maxUnits * 16))));
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** murmur3's finalizer: spreads every input bit over the word. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
