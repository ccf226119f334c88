/** Where and when a unit was exposed. Mutated in place, so a repeat exposure allocates nothing. */
export interface Exposure<V> {
  /** The document version's state the unit was exposed under. */
  version: V;
  /** The index of the assigned variant in that version. */
  variant: number;
  /** The unit's latest exposure under that version, on the router's clock (ms). */
  time: number;
}

/**
 * Unit → its latest exposure, bounded by `maxUnits`: when full, the unit that entered the table first is
 * forgotten (its later outcomes are unattributed; a later call exposes it anew). Attribution windows are
 * checked on lookup, so nothing runs in the background. Memory: one small object per remembered unit.
 */
export class ExposureTable<V> {
  private readonly entries = new Map<string, Exposure<V>>();

  constructor(readonly maxUnits: number) {}

  /** Units remembered. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Records that `unit` was assigned `variant` under `version` at `now`. Returns true for the unit's first
   * exposure under that version (as far as the table remembers): the one that counts.
   */
  expose(unit: string, version: V, variant: number, now: number): boolean {
    const entry = this.entries.get(unit);
    if (entry !== undefined) {
      entry.time = now;
      if (entry.version === version) return false;
      // A new version: the unit's exposure starts over (and moves to the young end of the table).
      this.entries.delete(unit);
      entry.version = version;
      entry.variant = variant;
      this.entries.set(unit, entry);
      return true;
    }
    if (this.entries.size >= this.maxUnits) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(unit, { version, variant, time: now });
    return true;
  }

  /** The unit's latest exposure, if the table remembers it. */
  get(unit: string): Exposure<V> | undefined {
    return this.entries.get(unit);
  }

  /** Forgets every unit. */
  clear(): void {
    this.entries.clear();
  }
}
