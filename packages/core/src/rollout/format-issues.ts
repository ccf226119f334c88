import type * as z from 'zod/mini';
import { guardSchema, rolloutDocumentSchema, routeDocumentSchema, shadowTargetSchema } from './schema.js';

/** `routes.fraud-score.weights.fraud-v4`; a key that would read ambiguously is quoted: `routes[""]`, `weights["a.b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    const key = String(segment);
    const plain = typeof segment === 'number' || (/^[^\s.[\]"'\\]+$/u.test(key) && key !== '__proto__');
    out += plain ? (out === '' ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
  }
  return out;
}

// What each object of a rollout document may hold, by where it sits (for unknown keys).
const keysOf = (schema: { shape: object }): string => Object.keys(schema.shape).join(', ');
function allowedAt(path: readonly PropertyKey[]): string | undefined {
  if (path.length === 0) return `a rollout document has only ${keysOf(rolloutDocumentSchema())}`;
  if (path[0] !== 'routes') return undefined;
  if (path.length === 2) return `a route document has only ${keysOf(routeDocumentSchema())}`;
  if (path.length === 3 && path[2] === 'guard') return `a guard has only ${keysOf(guardSchema())}`;
  if (path.length === 4 && path[2] === 'shadow') return `a shadow target has only ${keysOf(shadowTargetSchema())}`;
  return undefined;
}

/** Zod's issues as `path: reason` lines in plain words, the path prefixed with `prefix`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    const at = formatPath(path);
    const line = (message: string): string => (at ? `${at}: ${message}` : message);
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
      const allowed = allowedAt(path);
      return [line(`unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${allowed ? `; ${allowed}` : ''}`)];
    }
    if (issue.code === 'invalid_key') return issue.issues.map((inner) => line(inner.message));
    return [line(issue.message)];
  });
}

/**
 * A hint for the most common shape mistake: the document of one route (what a flag holds) where a whole
 * rollout document (`{ "routes": { ... } }`) belongs. Undefined when `input` does not look like that.
 */
export function bareRouteProblem(input: unknown): string | undefined {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || Object.hasOwn(input, 'routes'))
    return undefined;
  if (!Object.hasOwn(input, 'champion') && !Object.hasOwn(input, 'weights')) return undefined;
  return 'the document has no "routes": it looks like the document of one route; wrap it as { "routes": { "<route name>": { "champion": ..., "weights": ... } } }';
}
