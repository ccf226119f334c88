import type * as z from 'zod';
import { ModelrouteError } from '../errors/modelroute-error.js';
import {
  rolloutDocumentSchema,
  rolloutEnvelopeSchema,
  routeDocumentSchema,
  type RolloutDocument,
  type RouteDocument,
} from './schema.js';

/** The outcome of a validation: the typed document, or every problem as `path: reason`. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

const formatIssues = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): string[] =>
  issues.map((issue) => {
    const path = [...prefix, ...issue.path].map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });

/** Parses JSON text; a syntax error becomes a problem list, not a throw. */
export function parseJson(text: string): ValidationResult<unknown> {
  if (text.trim() === '') return { ok: false, problems: ['the document is empty'] };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problems: [`not valid JSON: ${(error as Error).message}`] };
  }
}

/**
 * Validates a whole rollout document (`{ routes: { ... } }`), given as a value or as JSON text.
 * Problems read like `routes.fraud-score.weights.fraud-v4: must be a non-negative finite number, got -5`.
 */
export function validateRolloutDocument(input: unknown): ValidationResult<RolloutDocument> {
  if (typeof input === 'string') {
    const parsed = parseJson(input);
    if (!parsed.ok) return parsed;
    input = parsed.value;
  }
  const result = rolloutDocumentSchema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, problems: formatIssues(result.error.issues, []) };
}

/**
 * Checks a rollout document's outer shape (a value or JSON text) and returns its routes unvalidated: a
 * router then validates only its own route with {@link validateRouteDocument}.
 */
export function validateRolloutEnvelope(input: unknown): ValidationResult<{ routes: Record<string, unknown> }> {
  if (typeof input === 'string') {
    const parsed = parseJson(input);
    if (!parsed.ok) return parsed;
    input = parsed.value;
  }
  const result = rolloutEnvelopeSchema.safeParse(input);
  return result.success
    ? { ok: true, value: { routes: result.data.routes } }
    : { ok: false, problems: formatIssues(result.error.issues, []) };
}

/** Validates the document of one route; problem paths start with `routes.<route>`. */
export function validateRouteDocument(input: unknown, route = 'route'): ValidationResult<RouteDocument> {
  const result = routeDocumentSchema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, problems: formatIssues(result.error.issues, ['routes', route]) };
}

/** Like {@link validateRolloutDocument}, but throws a `ModelrouteError` (`invalid_document`) listing every problem. */
export function parseRolloutDocument(input: unknown): RolloutDocument {
  const result = validateRolloutDocument(input);
  if (result.ok) return result.value;
  throw new ModelrouteError('invalid_document', `Invalid rollout document:\n  ${result.problems.join('\n  ')}`, {
    details: result.problems,
  });
}
