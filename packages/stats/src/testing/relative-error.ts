/**
 * |got − want| / |want| (0 when equal, including both 0); for |want| below `floor` the absolute error
 * is used instead, so that subnormal results are not held to a relative standard.
 * @internal
 */
export function relativeError(got: number, want: number, floor = 1e-300): number {
  if (got === want) return 0;
  if (Math.abs(want) < floor) return Math.abs(got - want);
  return Math.abs(got - want) / Math.abs(want);
}

/** @internal The largest relative error over rows of [label, got, want], and where it happened. */
export function worstRelativeError(rows: Iterable<[string, number, number]>): { error: number; at: string } {
  let error = 0;
  let at = '';
  for (const [label, got, want] of rows) {
    const e = relativeError(got, want);
    if (!(e <= error)) {
      error = e;
      at = `${label}: got ${got}, want ${want}`;
    }
  }
  return { error, at };
}
