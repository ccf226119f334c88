import type { RouteDocument } from '@modelroute/core';

/** Describes how a route changed, in one line: `weights a 95 -> 100, b 5 -> 0; champion a -> b; version v1 -> (content hash)`. */
export function describeChange(before: RouteDocument, after: RouteDocument): string {
  const parts: string[] = [];
  const names = [...new Set([...Object.keys(before.weights), ...Object.keys(after.weights)])];
  const moved = names
    .filter((n) => before.weights[n] !== after.weights[n])
    .map((n) => `${n} ${before.weights[n] ?? '-'} -> ${after.weights[n] ?? '-'}`);
  if (moved.length > 0) parts.push(`weights ${moved.join(', ')}`);
  if (before.champion !== after.champion) parts.push(`champion ${before.champion} -> ${after.champion}`);
  if (before.rollbackTo !== after.rollbackTo)
    parts.push(`rollbackTo ${before.rollbackTo ?? '-'} -> ${after.rollbackTo ?? '-'}`);
  if (before.version !== after.version)
    parts.push(`version ${before.version ?? '(content hash)'} -> ${after.version ?? '(content hash)'}`);
  return parts.join('; ') || 'no change';
}
