// The validator uses zod's mini build, bundled and tree-shaken into dist (tsup `noExternal`): the classic
// build's chainable methods are attached to every schema and cannot be shaken off, and cost about 40 ms
// of core's import (bench/footprint.bench.mjs). Mini sets no locale, so the English one is passed to every
// parse: issues without a message of ours then still read in plain words. It is never set with
// `config()`: zod keeps that on globalThis, shared with the application's own zod, whose locale and error
// map are the application's business (and, passed per parse, English outranks them here).
import en from 'zod/v4/locales/en.js';
import type * as z from 'zod/mini';
import { builtOnce } from './built-once.js';

/** Parse options that give zod's own issue messages in English, whatever zod's global configuration. */
export const englishIssues = builtOnce((): z.core.ParseContext<z.core.$ZodIssue> => ({ error: en().localeError }));
