import type { StringShape } from './shape/shape.js';

const show = (value: unknown): string =>
  typeof value === 'string' || value === undefined || value === null
    ? (JSON.stringify(value) ?? 'undefined')
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'object'
        ? 'an object'
        : `a ${typeof value}`;

/** The problem with an id or key that cannot mean what it says, or undefined when it is fine. */
export function idProblem(id: string): string | undefined {
  if (id === '__proto__')
    return '"__proto__" cannot be used as a key in a rollout document (JavaScript objects drop it); rename it';
  const lone = /\p{Cs}/u.exec(id);
  if (lone !== null)
    return `holds a lone surrogate (\\u${id.charCodeAt(lone.index).toString(16)} at index ${lone.index}); it would be hashed as U+FFFD, the same bytes as other ids: use well-formed Unicode`;
  return undefined;
}

const modelIdMessage = (input: unknown): string => `must be a model id (a non-empty string), got ${show(input)}`;

/** A model id: a non-empty string of well-formed Unicode, not `__proto__`. */
export const modelIdShape: StringShape = {
  kind: 'string',
  message: modelIdMessage,
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
  path: PropertyKey[] = [],
  out: Array<[path: PropertyKey[], problem: string]> = [],
): Array<[path: PropertyKey[], problem: string]> {
  if (value === null || typeof value !== 'object' || path.length >= maxDepth) return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => protoKeyProblems(item, maxDepth, [...path, i], out));
    return out;
  }
  if (Object.hasOwn(value, '__proto__')) out.push([[...path, '__proto__'], idProblem('__proto__')!]);
  for (const [key, item] of Object.entries(value))
    if (item !== null && typeof item === 'object') protoKeyProblems(item, maxDepth, [...path, key], out);
  return out;
}
