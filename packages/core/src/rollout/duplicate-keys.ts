import { scanJson } from './json-scan.js';

/**
 * The paths (`routes.fraud-score.weights.fraud-v4`) of keys that appear more than once in one object of
 * JSON text, in order of appearance. `JSON.parse` (and so the router) keeps the last of them silently,
 * which can hide a rollback: `modelroute validate` reports them. A leading byte order mark is skipped;
 * for text that is not JSON, the duplicates before the first syntax error.
 */
export function findDuplicateKeys(text: string): string[] {
  return [...scanJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).duplicates];
}
