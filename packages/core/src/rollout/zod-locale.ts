// The validator uses zod's mini build, bundled and tree-shaken into dist (tsup `noExternal`): the classic
// build's chainable methods are attached to every schema and cannot be shaken off, and cost about 40 ms
// of core's import (bench/footprint.bench.mjs). Mini sets no locale, so the English one is set before the
// first validation: issues without a message of ours then still read in plain words. zod is bundled, so
// this configures modelroute's own copy, never the application's.
import en from 'zod/v4/locales/en.js';
import { config } from 'zod/mini';

let set = false;

/** Gives zod's own issue messages in English; call before validating. */
export function useEnglishIssues(): void {
  if (set) return;
  config(en());
  set = true;
}
