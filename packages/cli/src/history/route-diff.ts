import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

/**
 * One change at a path of a route document: `before` absent means added, `after` absent means removed.
 * The empty path is the whole route (created or removed). Arrays (shadows) change as a whole.
 */
export interface DiffOp {
  readonly path: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The changes from `before` to `after` (JSON values), leaf by leaf: a route's diff, not two copies of it. */
export function diffValues(before: unknown, after: unknown, path: readonly string[] = []): DiffOp[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (!isObject(before) || !isObject(after)) {
    const op: { path: readonly string[]; before?: unknown; after?: unknown } = { path };
    if (before !== undefined) op.before = before;
    if (after !== undefined) op.after = after;
    return [op];
  }
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys.flatMap((key) =>
    diffValues(
      Object.hasOwn(before, key) ? before[key] : undefined,
      Object.hasOwn(after, key) ? after[key] : undefined,
      [...path, key],
    ),
  );
}

/** Applies a diff to a copy of `value` (undefined: no route yet) and returns the result. */
export function applyDiff(value: unknown, ops: readonly DiffOp[]): unknown {
  let root = structuredClone(value);
  for (const op of ops) {
    if (op.path.length === 0) {
      root = structuredClone(op.after);
      continue;
    }
    if (!isObject(root)) root = {};
    let node = root as Record<string, unknown>;
    for (const key of op.path.slice(0, -1)) {
      if (!isObject(node[key]))
        Object.defineProperty(node, key, { value: {}, enumerable: true, writable: true, configurable: true });
      node = node[key] as Record<string, unknown>;
    }
    const leaf = op.path.at(-1)!;
    if (Object.hasOwn(op, 'after'))
      Object.defineProperty(node, leaf, {
        value: structuredClone(op.after),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else delete node[leaf];
  }
  return root;
}

/** JSON with every object's keys sorted: the same text for the same content, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** SHA-256 in hex. */
export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The content hash of a route document (undefined: removed, null). */
export const routeHash = (route: unknown): string | null => (route === undefined ? null : sha256(canonicalJson(route)));
