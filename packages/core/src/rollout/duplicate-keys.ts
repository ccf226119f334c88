import { scanJson, type DuplicateKey } from './json-scan.js';

/**
 * The keys that appear more than once in one object of JSON text, in order of appearance: the object's
 * path (`routes.fraud-score.weights`), the key, and the line and column of the repetition. `JSON.parse` (and so the router) keeps the last of them silently,
 * which can hide a rollback: `modelroute validate` reports them. A leading byte order mark is skipped;
 * for text that is not JSON, the duplicates before the first syntax error.
 */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  return [...scanJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).duplicates];
}

export type { DuplicateKey };
