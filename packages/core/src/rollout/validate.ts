import { ModelrouteError } from '../errors/modelroute-error.js';
import { DEFAULT_MAX_DOCUMENT_BYTES, documentSizeProblem } from './document-size.js';
import { bareRouteProblem, formatIssues, formatPath } from './format-issues.js';
import { protoKeyProblems } from './ids.js';
import { scanJson } from './json-scan.js';
import {
  rolloutDocumentShape,
  rolloutEnvelopeShape,
  routeDocumentShape,
  type RolloutDocument,
  type RouteDocument,
} from './schema.js';
import { checkShape, type ShapeIssue } from './shape/check-shape.js';
import type { Shape } from './shape/shape.js';

/** The outcome of a validation: the typed document, or every problem as `path: reason`. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Options of the validators that take JSON text. */
export interface ValidateOptions {
  /** Largest JSON text accepted, in bytes (UTF-8). Default {@link DEFAULT_MAX_DOCUMENT_BYTES} (1 MiB). */
  maxBytes?: number;
}

/** Parses JSON text; a syntax error becomes a problem with its line and column, not a throw. A leading UTF-8 byte order mark is skipped. */
export function parseJson(text: string, options: ValidateOptions = {}): ValidationResult<unknown> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const tooBig =
    maxBytes === Number.POSITIVE_INFINITY ? undefined : documentSizeProblem(Buffer.byteLength(text, 'utf8'), maxBytes);
  if (tooBig !== undefined) return { ok: false, problems: [tooBig] };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, problems: ['the document is empty'] };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const where = scanJson(text).error;
    return {
      ok: false,
      problems: [
        where === undefined
          ? `not valid JSON: ${(error as Error).message}`
          : `not valid JSON at line ${where.line}, column ${where.column}: ${where.message}`,
      ],
    };
  }
}

/**
 * Validates a whole rollout document (`{ routes: { ... } }`), given as a value or as JSON text.
 * Problems read like `routes.fraud-score.weights.fraud-v4: must be 0 or a number from 1e-9 to 1000000000 (...), got -5`.
 */
export function validateRolloutDocument(input: unknown, options?: ValidateOptions): ValidationResult<RolloutDocument> {
  if (typeof input === 'string') {
    const parsed = parseJson(input, options);
    if (!parsed.ok) return parsed;
    input = parsed.value;
  }
  return readSafely(() => {
    const bare = bareRouteProblem(input);
    if (bare !== undefined) return { ok: false, problems: [bare] };
    const result = check(rolloutDocumentShape, input);
    const problems = [...protoProblems(input, [], Number.POSITIVE_INFINITY), ...formatIssues(result.issues, [])];
    return problems.length === 0 ? { ok: true, value: result.value as RolloutDocument } : { ok: false, problems };
  });
}

/**
 * Checks a rollout document's outer shape (a value or JSON text) and returns its routes unvalidated: a
 * router then validates only its own route with {@link validateRouteDocument}.
 */
export function validateRolloutEnvelope(
  input: unknown,
  options?: ValidateOptions,
): ValidationResult<{ routes: Record<string, unknown> }> {
  if (typeof input === 'string') {
    const parsed = parseJson(input, options);
    if (!parsed.ok) return parsed;
    input = parsed.value;
  }
  return readSafely(() => {
    const bare = bareRouteProblem(input);
    if (bare !== undefined) return { ok: false, problems: [bare] };
    const result = check(rolloutEnvelopeShape, input);
    const problems = [...protoProblems(input, [], 2), ...formatIssues(result.issues, [])];
    const routes = (result.value as { routes: Record<string, unknown> }).routes;
    return problems.length === 0 ? { ok: true, value: { routes } } : { ok: false, problems };
  });
}

/** Validates the document of one route; problem paths start with `routes.<route>`. */
export function validateRouteDocument(input: unknown, route = 'route'): ValidationResult<RouteDocument> {
  return readSafely(() => {
    const result = check(routeDocumentShape, input);
    const at = ['routes', route];
    const problems = [...protoProblems(input, at, Number.POSITIVE_INFINITY), ...formatIssues(result.issues, at)];
    return problems.length === 0 ? { ok: true, value: result.value as RouteDocument } : { ok: false, problems };
  });
}

/**
 * A value given in code may have a getter that throws, or be a revoked Proxy: validation reports that as a
 * problem, it never throws.
 */
function readSafely<T>(validate: () => ValidationResult<T>): ValidationResult<T> {
  try {
    return validate();
  } catch (error) {
    let reason: string;
    try {
      reason = error instanceof Error ? error.message : String(error);
    } catch {
      reason = 'an unprintable error';
    }
    return { ok: false, problems: [`the document could not be read: ${reason}`] };
  }
}

function check(shape: Shape, input: unknown): { value: unknown; issues: ShapeIssue[] } {
  const issues: ShapeIssue[] = [];
  return { value: checkShape(shape, input, [], issues), issues };
}

const protoProblems = (input: unknown, at: PropertyKey[], depth: number): string[] =>
  protoKeyProblems(input, depth).map(([path, problem]) => `${formatPath([...at, ...path])}: ${problem}`);

/** Like {@link validateRolloutDocument}, but throws a `ModelrouteError` (`invalid_document`) listing every problem. */
export function parseRolloutDocument(input: unknown): RolloutDocument {
  const result = validateRolloutDocument(input);
  if (result.ok) return result.value;
  throw new ModelrouteError('invalid_document', `Invalid rollout document:\n  ${result.problems.join('\n  ')}`, {
    details: result.problems,
  });
}
