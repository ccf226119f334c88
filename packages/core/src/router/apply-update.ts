import type { Hash32 } from '../assignment/hasher.js';
import { documentSizeProblem } from '../rollout/document-size.js';
import {
  parseJson,
  validateRolloutEnvelope,
  validateRouteDocument,
  type ValidationResult,
} from '../rollout/validate.js';
import type { SourceUpdate } from '../sources/source.js';
import { compileRoute, namedModels, type RouteSnapshot } from '../vocabulary/route-snapshot.js';

/** What a source update means for one route: a snapshot to apply, nothing to do, or problems. */
export type UpdateResult =
  | { kind: 'apply'; snapshot: RouteSnapshot }
  | { kind: 'unchanged' }
  | { kind: 'ignore' }
  | { kind: 'reject'; problems: string[] };

// JSON text is parsed once per update, however many routers (routes of one file) receive it: the source
// hands every subscriber the same update object. The size is checked per router first (limits may differ).
const parsedText = new WeakMap<SourceUpdate, ValidationResult<unknown>>();
function parseOnce(update: SourceUpdate, text: string): ValidationResult<unknown> {
  let parsed = parsedText.get(update);
  if (parsed === undefined) {
    parsed = parseJson(text, { maxBytes: Number.POSITIVE_INFINITY });
    parsedText.set(update, parsed);
  }
  return parsed;
}

/**
 * Turns a source's update into a compiled snapshot for `route`, or the reasons it cannot be applied.
 * Pure: the router decides what to do with the result. Documents over `maxBytes` are rejected before any
 * other work (JSON text by its size; a value by the size of this route's JSON).
 */
export function interpretUpdate(
  hash: Hash32,
  route: string,
  models: Readonly<Record<string, unknown>>,
  current: RouteSnapshot | undefined,
  update: SourceUpdate,
  maxBytes: number,
): UpdateResult {
  if (update.type === 'absent') return { kind: 'ignore' };
  if (update.type === 'invalid') return { kind: 'reject', problems: [update.reason] };

  let routeDoc: unknown;
  let document = update.type === 'document' ? update.document : undefined;
  const isText = typeof document === 'string';
  if (typeof document === 'string') {
    const tooBig = documentSizeProblem(Buffer.byteLength(document, 'utf8'), maxBytes);
    if (tooBig !== undefined) return { kind: 'reject', problems: [tooBig] };
    const parsed = parseOnce(update, document);
    if (!parsed.ok) return { kind: 'reject', problems: parsed.problems };
    document = parsed.value;
  }
  if (update.type === 'document') {
    // Only this router's route is validated: a mistake in another route of a shared file is that
    // route's router's business, and must not block this one (a rollback, say).
    const checked = validateRolloutEnvelope(document);
    if (!checked.ok) return { kind: 'reject', problems: checked.problems };
    const names = Object.keys(checked.value.routes);
    if (!Object.hasOwn(checked.value.routes, route)) {
      return {
        kind: 'reject',
        problems: [
          `routes.${route}: missing; the document has no route "${route}" (it has ${names.map((n) => `"${n}"`).join(', ') || 'none'})`,
        ],
      };
    }
    routeDoc = checked.value.routes[route];
  } else {
    routeDoc = update.route;
  }
  if (!isText && routeDoc !== null && typeof routeDoc === 'object') {
    const tooBig = documentSizeProblem(JSON.stringify(routeDoc)?.length ?? 0, maxBytes, `routes.${route}`);
    if (tooBig !== undefined) return { kind: 'reject', problems: [tooBig] };
  }
  const checked = validateRouteDocument(routeDoc, route);
  if (!checked.ok) return { kind: 'reject', problems: checked.problems };

  const known = Object.keys(models);
  const unknown = namedModels(route, checked.value)
    .filter(([, model]) => !Object.hasOwn(models, model))
    .map(
      ([path, model]) =>
        `${path}: model "${model}" is not one of this router's models (${known.join(', ')}); add it to createRouter({ models }) or fix the document`,
    );
  if (unknown.length > 0) return { kind: 'reject', problems: unknown };

  const snapshot = compileRoute(hash, route, checked.value);
  if (
    current &&
    current.version === snapshot.version &&
    JSON.stringify(current.document) === JSON.stringify(snapshot.document)
  ) {
    return { kind: 'unchanged' };
  }
  return { kind: 'apply', snapshot };
}
