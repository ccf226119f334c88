import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { canary } from '../strategies.js';
import { validateRolloutDocument, validateRouteDocument } from '../validate.js';
import { checkShape, type ShapeIssue } from './check-shape.js';
import type { ObjectShape } from './shape.js';

// The validator that replaced zod (issue 11): what it says about values of the wrong kind, and that it
// returns a copy holding only what a document may hold. validate-messages.test.ts has the messages of
// each field; a differential run against the zod validator found no difference on 80,000 documents.

const route = (r: Record<string, unknown>): Record<string, unknown> => ({ champion: 'a', weights: { a: 1 }, ...r });
const problemsOf = (r: Record<string, unknown>): string[] => {
  const result = validateRouteDocument(route(r), 'r');
  if (result.ok) throw new Error(`expected ${JSON.stringify(r)} to be rejected`);
  return result.problems;
};

describe('a value of the wrong kind', () => {
  it('is one problem, named plainly', () => {
    expect(problemsOf({ champion: [] })).toEqual([
      'routes.r.champion: must be a model id (a non-empty string), got an array',
    ]);
    expect(problemsOf({ rollbackTo: {} })).toEqual([
      'routes.r.rollbackTo: must be a model id (a non-empty string), got an object',
    ]);
    expect(problemsOf({ stages: { candidate: 'b', steps: '' } })).toEqual([
      'routes.r.stages.steps: must be an array of steps like [{ "weight": 5 }], got ""',
    ]);
  });

  it('shows the value the same way in every message, and never throws showing it', () => {
    expect(problemsOf({ salt: {}, shadow: { model: 'b' }, guard: { windowMs: [] } })).toEqual([
      'routes.r.salt: must be a string, got an object',
      'routes.r.shadow: must be an array of { model, fraction }, got an object',
      'routes.r.guard.windowMs: must be a positive number, got an array',
    ]);
    const metric = { name: 'm', kind: 'mean', direction: 'increase', mde: {}, role: 'primary' };
    expect(problemsOf({ experiment: { metrics: [metric] } })).toEqual([
      'routes.r.experiment.metrics.0.mde: must be a positive number (a relative effect, e.g. 0.05), got an object',
    ]);
    // These threw before: an object without a prototype shown with String(), a BigInt with JSON.stringify.
    expect(problemsOf({ review: { metricRegression: Object.create(null) } })).toEqual([
      'routes.r.review.metricRegression: must be true or false, got an object',
    ]);
    expect(problemsOf({ gate: { mode: 10n } })).toEqual(['routes.r.gate.mode: must be "manual" or "auto", got 10']);
    expect(problemsOf({ champion: 5 })).toEqual(['routes.r.champion: must be a model id (a non-empty string), got 5']);
  });

  it('gets the English wording where a field has no message of its own', () => {
    expect(problemsOf({ guard: 5 })).toEqual(['routes.r.guard: Invalid input: expected object, received number']);
    expect(problemsOf({ description: 5 })).toEqual([
      'routes.r.description: Invalid input: expected string, received number',
    ]);
    expect(problemsOf({ shadow: [null] })).toEqual([
      'routes.r.shadow.0: Invalid input: expected object, received null',
    ]);
    expect(problemsOf({ guard: { windowMs: Number.NaN } })).toEqual([
      'routes.r.guard.windowMs: must be a positive number, got NaN',
    ]);
    expect(problemsOf({ weights: { a: Number.POSITIVE_INFINITY } })[0]).toMatch(
      /^routes\.r\.weights\.a: must be 0 or .* got Infinity$/,
    );
  });

  it('breaking two rules that read the same is one problem; a number beyond 2^53 is no integer count', () => {
    expect(problemsOf({ guard: { minCalls: -1.5 } })).toEqual([
      'routes.r.guard.minCalls: must be a non-negative integer, got -1.5',
    ]);
    expect(problemsOf({ guard: { minCalls: 1e20 } })).toEqual([
      'routes.r.guard.minCalls: must be a non-negative integer, got 100000000000000000000',
    ]);
  });

  it('a merged problem still marks a value of the wrong kind: -1.5 is no count, so the rules around it wait', () => {
    const refine = vi.fn();
    const count = (input: unknown) => `must be a count, got ${String(input)}`;
    const shape: ObjectShape = {
      kind: 'object',
      keys: { n: { kind: 'number', message: count, rules: [{ kind: 'min', value: 0 }, { kind: 'int' }] } },
      refine,
    };
    const issues: ShapeIssue[] = [];
    checkShape(shape, { n: -1.5 }, [], issues);
    expect(issues).toEqual([{ path: ['n'], message: 'must be a count, got -1.5', abort: true }]);
    expect(refine).not.toHaveBeenCalled();
    checkShape(shape, { n: -1 }, [], []);
    expect(refine).toHaveBeenCalledTimes(1); // a number out of range is still a number: the rules around it run
  });

  it('skips the rules of the object around it, which assume well-formed parts', () => {
    // The weights are not all 0 and a model is named, but a broken weight is reported once, on its own.
    expect(problemsOf({ weights: { a: 'x' } })).toEqual([
      'routes.r.weights.a: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got "x"',
    ]);
  });
});

describe('values given in code that cannot be read', () => {
  it('are a problem, never a throw: a getter that throws, a revoked Proxy', () => {
    const guard = Object.defineProperty({}, 'minCalls', {
      enumerable: true,
      get: () => {
        throw new Error('no access');
      },
    });
    expect(validateRouteDocument(route({ guard }), 'r')).toEqual({
      ok: false,
      problems: ['the document could not be read: no access'],
    });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const result = validateRolloutDocument({ routes: { r: proxy } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/^the document could not be read: /);
  });
});

describe('arrays given as JavaScript values', () => {
  it('checks a hole as undefined and treats an own "constructor" key as data', () => {
    expect(problemsOf({ shadow: new Array(1) })).toEqual([
      'routes.r.shadow.0: Invalid input: expected object, received undefined',
    ]);
    const targets = Object.assign([{ model: 'a', fraction: 1 }], { constructor: 5 });
    expect(validateRouteDocument(route({ shadow: targets })).ok).toBe(true);
  });
});

describe('the validated document', () => {
  it('is a copy with the keys in the document order of the schema, unknown values never kept', () => {
    const input = { weights: { b: 0, a: 1 }, champion: 'a', guard: { minCalls: 5 } };
    const result = validateRolloutDocument({ routes: { r: input } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = result.value.routes.r!;
    expect(Object.keys(value)).toEqual(['champion', 'weights', 'guard']);
    expect(value).toEqual(input);
    expect(value).not.toBe(input);
    expect(value.weights).not.toBe(input.weights);
  });

  it('never throws, whatever sits anywhere in a route, and a value it accepts validates again unchanged', () => {
    const keys = [
      'champion',
      'weights',
      'salt',
      'overrides',
      'shadow',
      'guard',
      'stages',
      'experiment',
      'review',
      'gate',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.anything({ maxDepth: 3, withNullPrototype: true }), (key, value) => {
        const result = validateRolloutDocument({ routes: { r: route({ [key]: value }) } });
        if (!result.ok) return result.problems.every((p) => p.startsWith('routes.r'));
        const again = validateRolloutDocument(result.value);
        return again.ok && JSON.stringify(again.value) === JSON.stringify(result.value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a document nested very deep', () => {
  it('is a problem, not a stack overflow: 200,000 levels of arrays (400 kB, under the 1 MiB limit)', () => {
    const nested = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const text = `{"routes":{"r":{"champion":"a","weights":{"a":1},"description":${nested}}}}`;
    expect(validateRolloutDocument(text)).toEqual({
      ok: false,
      problems: ['routes.r.description: Invalid input: expected string, received array'],
    });
    const withProto = `{"routes":{"r":{"champion":"a","weights":{"a":1},"description":${'['.repeat(1000)}{"__proto__":1}${']'.repeat(1000)}}}}`;
    const problems = validateRolloutDocument(withProto);
    expect(problems.ok).toBe(false);
    if (!problems.ok)
      expect(problems.problems[0]).toMatch(
        /^routes\.r\.description(\.0){1000}\["__proto__"\]: "__proto__" cannot be used/,
      );
  });
});

describe('documents made to exhaust the validator', () => {
  it('reports at most ten "__proto__" keys: 10,000 nested ones (140 kB) are ten problems, not 163 MB of them', () => {
    const n = 10_000;
    const text = `{"routes":{"r":{"champion":"a","weights":{"a":1},"x":${'{"__proto__":'.repeat(n)}1${'}'.repeat(n)}}}}`;
    const result = validateRolloutDocument(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const proto = result.problems.filter((p) => p.includes('"__proto__" cannot be used'));
    expect(proto).toHaveLength(10);
    expect(proto[0]).toBe(
      'routes.r.x["__proto__"]: "__proto__" cannot be used as a key in a rollout document (JavaScript objects drop it); rename it',
    );
  });

  it('terminates on a cyclic value given in code, and names what does not belong', () => {
    const route: Record<string, unknown> = { champion: 'a', weights: { a: 1 } };
    route.x = route;
    expect(validateRolloutDocument({ routes: { r: route } })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^routes\.r: unknown key "x"; a route document has only/)],
    });
    const guard: Record<string, unknown> = { minCalls: 5 };
    guard.self = guard;
    expect(() => canary({ stable: 'a', canary: 'b', percent: 5, guard: guard as never })).toThrow(/unknown key "self"/);
  });
});
