import { guardShape, rolloutDocumentShape, routeDocumentShape, shadowTargetShape } from './schema.js';
import type { ShapeIssue } from './shape/check-shape.js';

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
const keysOf = (shape: { keys: object }): string => Object.keys(shape.keys).join(', ');
function allowedAt(path: readonly PropertyKey[]): string | undefined {
  if (path.length === 0) return `a rollout document has only ${keysOf(rolloutDocumentShape)}`;
  if (path[0] !== 'routes') return undefined;
  if (path.length === 2) return `a route document has only ${keysOf(routeDocumentShape)}`;
  if (path.length === 3 && path[2] === 'guard') return `a guard has only ${keysOf(guardShape)}`;
  if (path.length === 4 && path[2] === 'shadow') return `a shadow target has only ${keysOf(shadowTargetShape)}`;
  return undefined;
}

/** The validator's issues as `path: reason` lines in plain words, the path prefixed with `prefix`. */
export function formatIssues(issues: readonly ShapeIssue[], prefix: readonly PropertyKey[]): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    const at = formatPath(path);
    const line = (message: string): string => (at ? `${at}: ${message}` : message);
    if (issue.unknownKeys !== undefined) {
      const keys = issue.unknownKeys.map((k) => JSON.stringify(k)).join(', ');
      const allowed = allowedAt(path);
      return [line(`unknown key${issue.unknownKeys.length > 1 ? 's' : ''} ${keys}${allowed ? `; ${allowed}` : ''}`)];
    }
    if (issue.keyProblems !== undefined) return issue.keyProblems.map(line);
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
