import { describe, expect, it } from 'vitest';
import { findDuplicateKeys } from './duplicate-keys.js';
import { rolloutJsonSchema } from './json-schema.js';
import { validateRolloutDocument } from './validate.js';
import { WEIGHT_MAX, WEIGHT_MIN } from './weight-range.js';

const problemsOf = (input: unknown): string[] => {
  const result = validateRolloutDocument(input);
  if (result.ok) throw new Error(`expected the document to be rejected: ${JSON.stringify(input)}`);
  return result.problems;
};
const route = (r: Record<string, unknown>): unknown => ({ routes: { r: { champion: 'a', weights: { a: 1 }, ...r } } });

describe('weights: the accepted range', () => {
  it.each([
    [{ a: 1e308, b: 1e308 }, 'routes.r.weights.a'],
    [{ a: 5e-324, b: 5e-324 }, 'routes.r.weights.a'],
    [{ a: 1, b: 2e9 }, 'routes.r.weights.b'],
    [{ a: 1, b: 1e-10 }, 'routes.r.weights.b'],
  ])('rejects %j, naming the range', (weights, path) => {
    expect(problemsOf(route({ weights }))).toContain(
      `${path}: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got ${String((weights as Record<string, number>)[path.slice(-1)])}`,
    );
  });

  it('accepts 0 and both ends of the range', () => {
    expect(validateRolloutDocument(route({ weights: { a: WEIGHT_MIN, b: WEIGHT_MAX, c: 0 } })).ok).toBe(true);
  });

  it('publishes the range in the JSON Schema', () => {
    const text = JSON.stringify(rolloutJsonSchema());
    expect(text).toContain('"maximum":1000000000');
    expect(text).toContain('1e-9');
  });
});

describe('ids that cannot mean what they say', () => {
  it.each([
    [
      'a model id in weights',
      '{"routes":{"r":{"champion":"a","weights":{"__proto__":50,"a":50}}}}',
      'routes.r.weights',
    ],
    [
      'an override unit',
      '{"routes":{"r":{"champion":"a","weights":{"a":1},"overrides":{"__proto__":"b"}}}}',
      'routes.r.overrides',
    ],
    ['a route name', '{"routes":{"__proto__":{"champion":"a","weights":{"a":1}}}}', 'routes'],
  ])('rejects "__proto__" as %s, never drops it', (_what, text, path) => {
    expect(problemsOf(text)).toContain(
      `${path}["__proto__"]: "__proto__" cannot be used as a key in a rollout document (JavaScript objects drop it); rename it`,
    );
  });

  it('rejects "__proto__" as a model id in a value', () => {
    expect(problemsOf(route({ champion: '__proto__' }))[0]).toContain('routes.r.champion: "__proto__" cannot be');
  });

  it('rejects model ids with a lone surrogate: two such ids encode to the same UTF-8 bytes', () => {
    const problems = problemsOf(route({ weights: { 'x\uD800': 1, 'x\uDC00': 1 } }));
    expect(problems.join('\n')).toContain('holds a lone surrogate (\\ud800 at index 1)');
    expect(problems.join('\n')).toContain('holds a lone surrogate (\\udc00 at index 1)');
  });
});

describe('messages', () => {
  it('accepts a UTF-8 byte order mark at the start of JSON text', () => {
    expect(validateRolloutDocument(`\uFEFF${JSON.stringify(route({}))}`).ok).toBe(true);
  });

  it('names an empty route name plainly', () => {
    expect(problemsOf({ routes: { '': { champion: 'a', weights: { a: 1 } } } })).toEqual([
      'routes[""]: a route name must be a non-empty string',
    ]);
  });

  it('gives JSON syntax errors a line and a column', () => {
    expect(problemsOf('{\n  "routes": {\n    "r": x\n  }\n}')).toEqual([
      'not valid JSON at line 3, column 10: unexpected "x"',
    ]);
    expect(problemsOf('{"routes": {"r" 1}}')).toEqual(['not valid JSON at line 1, column 17: expected ":"']);
    expect(problemsOf('{"routes": {}')).toEqual(['not valid JSON at line 1, column 14: unexpected end of the text']);
  });

  it('says which keys are unknown and which are allowed, in plain words', () => {
    expect(problemsOf(route({ wieghts: { a: 1 } }))).toEqual([
      'routes.r: unknown key "wieghts"; a route document has only champion, weights, salt, overrides, shadow, guard, experiment, review, gate, rollbackTo, version, description, stages',
    ]);
    expect(problemsOf(route({ guard: { timeout: 5 } }))).toEqual([
      'routes.r.guard: unknown key "timeout"; a guard has only errorRateRatio, minErrorRate, baselineErrorRate, p99LatencyMs, invalidRate, windowMs, minCalls, failover, timeoutMs, recovery, cooldownMs, probeCalls',
    ]);
  });

  it('tells a bare route document that it needs the routes wrapper', () => {
    expect(problemsOf({ champion: 'a', weights: { a: 1 } })).toEqual([
      'the document has no "routes": it looks like the document of one route; wrap it as { "routes": { "<route name>": { "champion": ..., "weights": ... } } }',
    ]);
  });
});

describe('findDuplicateKeys', () => {
  it('returns every key that appears twice in one object, with where it is', () => {
    const text = '{"routes":{"r":{"champion":"a","weights":{"a":0,"b":100,\n"a":100}},"s":{"x":1,"x":{"y":1,"y":2}}}}';
    const found = findDuplicateKeys(text);
    expect(found.map((d) => `${d.path}|${d.key}`)).toEqual(['routes.r.weights|a', 'routes.s|x', 'routes.s.x|y']);
    expect(found[0]).toMatchObject({ line: 2, column: 1 });
  });

  it('compares keys by their decoded value and ignores text that is not JSON', () => {
    expect(findDuplicateKeys('{"a":1,"\\u0061":2, "b": [ {"c":1}, {"c":2} ]}')).toMatchObject([{ path: '', key: 'a' }]);
    expect(findDuplicateKeys('{"a":1,')).toEqual([]);
  });
});
