import { validateRolloutDocument } from '@modelroute/core';
import { readText } from '../file/rollout-file.js';
import { findDuplicateKeys } from './duplicate-keys.js';

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
 * object: a router keeps the last one without a word, so a duplicate can hide a rollback.
 */
export async function validateFile(file: string): Promise<FileValidation> {
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
  const problems = [...(checked.ok ? [] : checked.problems), ...duplicates];
  return checked.ok && problems.length === 0
    ? { file, ok: true, routes: Object.keys(checked.value.routes), problems: [] }
    : { file, ok: false, routes: [], problems };
}
