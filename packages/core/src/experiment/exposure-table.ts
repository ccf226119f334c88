/** Where and when a unit was exposed. Mutated in place, so a repeat exposure allocates nothing. */
export interface Exposure<V> {
  /** The document version's state the unit was exposed under. */
  version: V;
  /** The index of the assigned variant in that version. */
  variant: number;
  /** The unit's latest exposure, on the router's clock (ms). */
  time: number;
}

/**
 * Unit → its latest exposure, bounded by `maxUnits`: when full, the unit that entered the table first is
 * forgotten (its later outcomes are unattributed; a later call exposes it anew). Attribution windows are
 * checked on lookup, so nothing runs in the background. Memory: one small object per remembered unit and
 * a ring of the units in the order they came.
 */
export class ExposureTable<V> {
  private readonly entries = new Map<string, Exposure<V>>();
  // The units in the order they entered, as a ring: the oldest is evicted when full. (A Map's own order
  // would do, but `keys().next()` walks over every slot deleted before it until V8 compacts the table:
  // measured at 150 µs per insertion once 100k units had been evicted.)
  private readonly order: string[] = [];
  private oldest = 0;

  constructor(readonly maxUnits: number) {}

  /**
   * Records that `unit` was assigned `variant` under `version` at `now`; `entry` is what {@link get}
   * returned for it (the caller has looked already). Call it for the unit's first exposure under that
   * version (as far as the table remembers): the one that counts.
   */
  expose(unit: string, entry: Exposure<V> | undefined, version: V, variant: number, now: number): void {
    if (entry !== undefined) {
      // A new version: the unit's exposure starts over (it keeps its place in the eviction order).
      entry.version = version;
      entry.variant = variant;
      entry.time = now;
      return;
    }
    if (this.order.length < this.maxUnits) this.order.push(unit);
    else {
      this.entries.delete(this.order[this.oldest]!);
      this.order[this.oldest] = unit;
      this.oldest = this.oldest + 1 === this.maxUnits ? 0 : this.oldest + 1;
    }
    this.entries.set(unit, { version, variant, time: now });
  }

  /** The unit's latest exposure, if the table remembers it. */
  get(unit: string): Exposure<V> | undefined {
    return this.entries.get(unit);
  }
}

/** Units longer than this are kept as a hash of themselves (the table is bounded by units, not bytes). */
const LONGEST_KEPT = 64;

/**
 * The table's key for `unit`: the unit itself, or for a long one (a token, a header passed as the unit) a
 * 64-bit hash of it with its length, so that the table never holds more than about 64 characters per unit.
 * Hashed keys start with NUL, and so does the hash of any unit that does: a short unit never equals one.
 */
export function unitKey(unit: string): string {
  if (unit.length <= LONGEST_KEPT && unit.charCodeAt(0) !== 0) return unit;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < unit.length; i++) {
    const c = unit.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return `\u0000${(h1 >>> 0).toString(36)}:${(h2 >>> 0).toString(36)}:${unit.length}`;
}
