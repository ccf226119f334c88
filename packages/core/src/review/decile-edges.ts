/**
 * The inner decile edges of a sample (at most 9, ascending, no repeats): bin i holds values v with
 * edges[i-1] < v <= edges[i]. Repeated values (a model that often answers exactly 0) merge bins
 * rather than leave empty ones.
 */
export function decileEdges(sample: Float64Array, count: number): number[] {
  const sorted = sample.slice(0, count).sort();
  const edges: number[] = [];
  for (let d = 1; d < 10; d++) {
    const edge = sorted[Math.min(count - 1, Math.floor((d * count) / 10))]!;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  // The last edge at the maximum would leave the top bin empty by construction.
  if (edges.length > 1 && edges[edges.length - 1] === sorted[count - 1]) edges.pop();
  // A constant champion still gets two bins: its value and above.
  return edges.length > 0 ? edges : [sorted[0]!];
}

/** The bin of `value` among `edges` (0 to edges.length); a linear scan beats a binary search at ten edges. */
export function binOf(edges: readonly number[], value: number): number {
  let i = 0;
  while (i < edges.length && value > edges[i]!) i++;
  return i;
}
