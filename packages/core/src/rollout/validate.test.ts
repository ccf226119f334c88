import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rolloutJsonSchema } from './json-schema.js';
import { parseRolloutDocument, validateRolloutDocument, validateRouteDocument } from './validate.js';

const good = { routes: { 'fraud-score': { champion: 'fraud-v3', weights: { 'fraud-v3': 95, 'fraud-v4': 5 } } } };
const withRoute = (route: Record<string, unknown>): unknown => ({
  routes: { 'fraud-score': { champion: 'fraud-v3', weights: { 'fraud-v3': 95, 'fraud-v4': 5 }, ...route } },
});
const problemsOf = (input: unknown): string[] => {
  const result = validateRolloutDocument(input);
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.problems;
};

describe('validateRolloutDocument', () => {
  it('accepts a good document, as a value and as JSON text', () => {
    expect(validateRolloutDocument(good).ok).toBe(true);
    expect(validateRolloutDocument(JSON.stringify(good)).ok).toBe(true);
  });

  it('accepts the full example of the design', () => {
    const doc = withRoute({
      salt: 'fraud-score-2026-11',
      overrides: { 'qa-user-17': 'fraud-v4' },
      shadow: [{ model: 'fraud-v5', fraction: 0.25 }],
      guard: {
        errorRateRatio: 5,
        minErrorRate: 0.01,
        p99LatencyMs: 250,
        invalidRate: 0.01,
        windowMs: 60000,
        minCalls: 50,
        failover: true,
      },
    });
    expect(validateRolloutDocument(doc)).toMatchObject({ ok: true });
  });

  it.each([
    [
      'a negative weight',
      withRoute({ weights: { 'fraud-v3': 95, 'fraud-v4': -5 } }),
      'routes.fraud-score.weights.fraud-v4: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got -5',
    ],
    [
      'a NaN weight',
      withRoute({ weights: { 'fraud-v3': 95, 'fraud-v4': Number.NaN } }),
      'routes.fraud-score.weights.fraud-v4: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got NaN',
    ],
    [
      'an infinite weight',
      withRoute({ weights: { 'fraud-v3': Number.POSITIVE_INFINITY } }),
      'routes.fraud-score.weights.fraud-v3: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got Infinity',
    ],
    [
      'a string weight',
      withRoute({ weights: { 'fraud-v3': '95' } }),
      'routes.fraud-score.weights.fraud-v3: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got "95"',
    ],
    [
      'all-zero weights',
      withRoute({ weights: { 'fraud-v3': 0, 'fraud-v4': 0 } }),
      'routes.fraud-score.weights: must give at least one model a weight above 0 (all weights are 0)',
    ],
    ['no weights', withRoute({ weights: {} }), 'routes.fraud-score.weights: must name at least one model'],
    [
      'a shadow fraction above 1',
      withRoute({ shadow: [{ model: 'fraud-v5', fraction: 1.5 }] }),
      'routes.fraud-score.shadow.0.fraction: must be a number between 0 and 1, got 1.5',
    ],
    [
      'a negative shadow fraction',
      withRoute({ shadow: [{ model: 'fraud-v5', fraction: -0.1 }] }),
      'routes.fraud-score.shadow.0.fraction: must be a number between 0 and 1, got -0.1',
    ],
    [
      'a missing champion',
      { routes: { r: { weights: { a: 1 } } } },
      'routes.r.champion: must be a model id (a non-empty string), got undefined',
    ],
    [
      'an unknown field',
      withRoute({ wieghts: { a: 1 } }),
      'routes.fraud-score: unknown key "wieghts"; a route document has only champion',
    ],
    [
      'a bad guard value',
      withRoute({ guard: { invalidRate: 2 } }),
      'routes.fraud-score.guard.invalidRate: must be a number between 0 and 1, got 2',
    ],
    ['no routes', {}, 'routes: must be an object of route name to route document, got undefined'],
    ['an array', [], 'the document must be a JSON object like { "routes": { ... } }, got an array'],
  ])('rejects %s with the path and the reason', (_name, doc, expected) => {
    expect(problemsOf(doc).join('\n')).toContain(expected);
  });

  it('rejects malformed JSON and an empty file', () => {
    expect(problemsOf('{"routes": ')[0]).toMatch(/^not valid JSON at line 1, column 12: unexpected end of the text$/);
    expect(problemsOf('')).toEqual(['the document is empty']);
    expect(problemsOf('   \n')).toEqual(['the document is empty']);
  });

  it('lists every problem at once', () => {
    expect(problemsOf(withRoute({ weights: { a: -1, b: 'x' }, shadow: [{ model: '', fraction: 3 }] }))).toHaveLength(4);
  });

  it('throws a ModelrouteError from parseRolloutDocument', () => {
    expect(() => parseRolloutDocument({})).toThrowError(
      expect.objectContaining({ code: 'invalid_document', name: 'ModelrouteError' }),
    );
  });

  it('validates one route with paths under routes.<route>', () => {
    const result = validateRouteDocument({ champion: 'a', weights: { a: -1 } }, 'checkout');
    expect(result).toEqual({
      ok: false,
      problems: [
        'routes.checkout.weights.a: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got -1',
      ],
    });
  });
});

describe('the published JSON Schema', () => {
  it('is the one generated from the validator (schema/rollout.schema.json is up to date)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../schema/rollout.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(rolloutJsonSchema());
  });

  it('describes routes, weights, shadows and the guard', () => {
    const text = JSON.stringify(rolloutJsonSchema());
    for (const field of [
      'champion',
      'weights',
      'salt',
      'overrides',
      'shadow',
      'fraction',
      'errorRateRatio',
      'p99LatencyMs',
      'rollbackTo',
    ])
      expect(text).toContain(`"${field}"`);
  });
});
