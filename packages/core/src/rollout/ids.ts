import type { StringShape } from './shape/shape.js';
import { must } from './shape/common-shapes.js';

/** The problem with an id or key that cannot mean what it says, or undefined when it is fine. */
export function idProblem(id: string): string | undefined {
  if (id === '__proto__')
    return '"__proto__" cannot be used as a key in a rollout document (JavaScript objects drop it); rename it';
  const lone = /\p{Cs}/u.exec(id);
  if (lone !== null)
    return `holds a lone surrogate (\\u${id.charCodeAt(lone.index).toString(16)} at index ${lone.index}); it would be hashed as U+FFFD, the same bytes as other ids: use well-formed Unicode`;
  return undefined;
}

/** A model id: a non-empty string of well-formed Unicode, not `__proto__`. */
export const modelIdShape: StringShape = {
  kind: 'string',
  message: must('a model id (a non-empty string)'),
  minLength: { value: 1, message: () => 'must be a model id (a non-empty string), got ""' },
  refine: idProblem,
};

/**
 * A key of a record: a route name, a model id in `weights` (`isModelId`: well-formed Unicode too), or a
 * unit in `overrides` (`what` undefined: any string, the empty unit included).
 */
export const recordKey = (what?: string, isModelId = false): StringShape =>
  what === undefined
    ? { kind: 'string' }
    : {
        kind: 'string',
        minLength: { value: 1, message: () => `${what} must be a non-empty string` },
        refine: (key) => (isModelId && /\p{Cs}/u.test(key) ? `${what} ${idProblem(key)}` : undefined),
      };

/**
 * Every own `__proto__` key in a parsed document, as a problem with its path. Validation must see these
 * before the shapes, which skip such keys (and a plain object would drop them), so that a document never
 * means something other than what it says.
 */
export function protoKeyProblems(
  value: unknown,
  maxDepth = Number.POSITIVE_INFINITY,
): Array<[path: PropertyKey[], problem: string]> {
  // A loop with a stack, not recursion, and paths built only for a problem: a 1 MiB document can nest
  // 500,000 levels deep, which overflowed the call stack (and copying the path at each level is quadratic).
  // At most MAX_PROTO_PROBLEMS are reported (10,000 nested "__proto__" keys made 163 MB of messages), and
  // an object is visited once (a value given in code may be cyclic).
  interface Frame {
    value: object;
    key: PropertyKey;
    parent: Frame | undefined;
    depth: number;
  }
  const pathTo = (frame: Frame, last: PropertyKey): PropertyKey[] => {
    const path = [last];
    for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) path.push(f.key);
    return path.reverse();
  };
  const out: Array<[path: PropertyKey[], problem: string]> = [];
  if (value === null || typeof value !== 'object' || maxDepth <= 0) return out;
  const seen = new WeakSet<object>([value]);
  const stack: Frame[] = [{ value, key: '', parent: undefined, depth: 0 }];
  for (let frame = stack.pop(); frame !== undefined && out.length < MAX_PROTO_PROBLEMS; frame = stack.pop()) {
    const node = frame.value;
    const children: Array<[PropertyKey, unknown]> = [];
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) if (i in node) children.push([i, node[i]]);
    } else {
      if (Object.hasOwn(node, '__proto__')) out.push([pathTo(frame, '__proto__'), idProblem('__proto__')!]);
      for (const entry of Object.entries(node)) children.push(entry);
    }
    if (frame.depth + 1 >= maxDepth) continue;
    // Pushed last to first, so that they are visited in document order, each with all below it first.
    for (let c = children.length - 1; c >= 0; c--) {
      const [key, item] = children[c]!;
      if (item === null || typeof item !== 'object' || seen.has(item)) continue;
      seen.add(item);
      stack.push({ value: item, key, parent: frame, depth: frame.depth + 1 });
    }
  }
  return out;
}

/** The most `__proto__` keys one validation reports: enough to fix a document, never a flood. */
const MAX_PROTO_PROBLEMS = 10;
