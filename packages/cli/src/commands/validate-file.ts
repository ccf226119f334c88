import { validateRolloutDocument } from '@modelroute/core';
import { readText } from '../file/rollout-file.js';

/** The outcome of `validate`. */
export interface FileValidation {
  readonly file: string;
  readonly ok: boolean;
  /** The routes, when valid. */
  readonly routes: readonly string[];
  /** Every problem as `path: reason`, when invalid. */
  readonly problems: readonly string[];
}

/** Validates a rollout file against the schema a router uses. */
export async function validateFile(file: string): Promise<FileValidation> {
  const checked = validateRolloutDocument(await readText(file));
  return checked.ok
    ? { file, ok: true, routes: Object.keys(checked.value.routes), problems: [] }
    : { file, ok: false, routes: [], problems: checked.problems };
}
