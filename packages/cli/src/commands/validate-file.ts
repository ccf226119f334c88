import { findDuplicateKeys, validateRolloutDocument } from '@modelroute/core';
import { readText, routeVariants } from '../file/rollout-file.js';
import { loadRegistry, registryPath } from '../registry/model-registry.js';

/** The outcome of `validate`. */
export interface FileValidation {
  readonly file: string;
  readonly ok: boolean;
  /** The routes, when valid. */
  readonly routes: readonly string[];
  /** Every problem as `path: reason`, when invalid. */
  readonly problems: readonly string[];
}

/**
 * Validates a rollout file against the schema a router uses, and refuses keys that appear twice in one
 * object: a router keeps the last one without a word, so a duplicate can hide a rollback. With a model
 * registry (`modelroute-registry.json` beside the file, or `options.registry`), every model a route names
 * must be registered.
 */
export async function validateFile(file: string, options: { registry?: string } = {}): Promise<FileValidation> {
  const text = await readText(file);
  const checked = validateRolloutDocument(text);
  let duplicates: string[] = [];
  try {
    JSON.parse(text);
    duplicates = findDuplicateKeys(text).map(
      (d) =>
        `${d.path ? `${d.path}: ` : ''}duplicate key ${JSON.stringify(d.key)} at line ${d.line}, column ${d.column} (a router keeps only the last one; remove the other)`,
    );
  } catch {
    // not JSON: validateRolloutDocument says so
  }
  const registry = await loadRegistry(registryPath(file, options.registry));
  const unregistered =
    checked.ok && registry !== undefined
      ? Object.entries(checked.value.routes).flatMap(([name, route]) =>
          routeVariants(route)
            .filter((id) => !registry.models.some((m) => m.id === id))
            .map((id) => `routes.${name}: model "${id}" is not in the model registry ${registry.path}`),
        )
      : [];
  const problems = [...(checked.ok ? [] : checked.problems), ...duplicates, ...unregistered];
  return checked.ok && problems.length === 0
    ? { file, ok: true, routes: Object.keys(checked.value.routes), problems: [] }
    : { file, ok: false, routes: [], problems };
}
