import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { validateRolloutDocument, validateRouteDocument } from '../index.js';

// zod keeps its configuration (locale, custom error map) on globalThis, shared by every copy in the
// process: modelroute's bundled copy and the application's own zod.
const saved = { ...z.config() };
afterEach(() => {
  const config = z.config();
  for (const key of Object.keys(config)) delete (config as Record<string, unknown>)[key];
  Object.assign(config, saved);
});

// gate.window: NaN is reported in zod's own words (no message of ours).
const badWindow = { routes: { r: { champion: 'a', weights: { a: 1 }, gate: { window: Number.NaN } } } };
const english = 'routes.r.gate.window: Invalid input: expected object, received NaN';
const appMessage = (): string => z.string().safeParse(1).error!.issues[0]!.message;

describe('validation and the application’s zod configuration', () => {
  it('leaves the locale the application chose for its own zod', () => {
    z.config(z.locales.fr());
    const french = appMessage();
    expect(french).toMatch(/^Entrée invalide/u);
    expect(validateRolloutDocument(badWindow)).toEqual({ ok: false, problems: [english] });
    expect(validateRouteDocument({ champion: 'a', weights: { a: 1 }, gate: { window: Number.NaN } }, 'r')).toEqual({
      ok: false,
      problems: [english],
    });
    expect(appMessage()).toBe(french);
  });

  it('reads in English whatever locale or error map the application set', () => {
    validateRolloutDocument(badWindow);
    z.config(z.locales.de());
    expect(validateRolloutDocument(badWindow)).toEqual({ ok: false, problems: [english] });
    z.config({ customError: () => 'the application’s message' });
    expect(validateRolloutDocument(badWindow)).toEqual({ ok: false, problems: [english] });
    expect(appMessage()).toBe('the application’s message');
  });
});
