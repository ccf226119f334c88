import { loadHasher, type Hash32 } from './hasher.js';
import { assignIndex, buildAssignmentTable } from './weighted-rendezvous.js';

/** Sticky assignment without a router: for offline analysis, backfills and other services. */
export interface Assigner {
  /** The variant of `unit` under `salt` and `weights`, or undefined when every weight is 0. */
  assign(salt: string, unit: string, weights: Readonly<Record<string, number>>): string | undefined;
  /** The underlying xxHash32 (UTF-8 bytes, 32-bit seed). */
  readonly hash: Hash32;
}

/** Loads the hasher and returns an {@link Assigner} implementing the published hash spec. */
export async function createAssigner(): Promise<Assigner> {
  const hash = await loadHasher();
  return {
    hash,
    assign(salt, unit, weights) {
      const table = buildAssignmentTable(hash, salt, weights);
      return table.ids[assignIndex(hash, table, unit)];
    },
  };
}
