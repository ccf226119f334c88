/**
 * Who a route's guard guards, and where a variant's traffic goes while it is out: worked out once per
 * document, when its guard is constructed. Variants are indexed like the snapshot's `table.ids`, then
 * the champion and `rollbackTo` if they take no weight. A candidate is compared with the champion and
 * sends its traffic there (to `rollbackTo` while the champion is out); the champion is compared with
 * `rollbackTo` and sends its traffic there, and is not guarded without one; `rollbackTo` is the last
 * resort, has no reference and is never guarded.
 */
export interface GuardLayout {
  /** Variants known to the guard, by index. */
  readonly ids: readonly string[];
  /** Index of each variant in `ids`. */
  readonly index: Map<string, number>;
  /** Index of the champion. */
  readonly champion: number;
  /** Index of `rollbackTo`; -1 without one (or when it names the champion). */
  readonly rollbackTo: number;
  /** Per variant, its reference: the variant whose error rate is its baseline; -1 for none. */
  readonly ref: Int32Array;
  /** Per variant, 1 when the guard can trip it. */
  readonly isGuarded: Uint8Array;
}

/** Lays out the variants of a route with weights on `tableIds`, `champion` and an optional `rollbackTo`. */
export function guardLayout(
  tableIds: readonly string[],
  champion: string,
  rollbackTo: string | undefined,
): GuardLayout {
  const ids = [...tableIds];
  for (const id of [champion, rollbackTo]) if (id !== undefined && !ids.includes(id)) ids.push(id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const c = index.get(champion)!;
  const r = rollbackTo === undefined || rollbackTo === champion ? -1 : index.get(rollbackTo)!;
  const ref = Int32Array.from(ids, (_, i) => (i === r ? -1 : i === c ? r : c));
  const isGuarded = Uint8Array.from(ids, (_, i) => (ref[i]! >= 0 && (i !== c || r >= 0) ? 1 : 0));
  return { ids, index, champion: c, rollbackTo: r, ref, isGuarded };
}
