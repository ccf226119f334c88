// @opentelemetry/api is a peer dependency, loaded by createRouter when no meterProvider is given. This file
// makes it unloadable (vitest isolates test files) to show what a user without it installed sees.
import { describe, expect, it, vi } from 'vitest';
import { isModelrouteError } from '../errors/modelroute-error.js';
import { createRouter } from '../router/create-router.js';
import { memorySource } from '../sources/memory-source.js';

vi.mock('@opentelemetry/api', () => {
  throw Object.assign(new Error("Cannot find package '@opentelemetry/api'"), { code: 'ERR_MODULE_NOT_FOUND' });
});

describe('createRouter without @opentelemetry/api installed', () => {
  const options = {
    route: 'r',
    models: { a: (x: number) => x },
    source: memorySource({ routes: { r: { champion: 'a', weights: { a: 1 } } } }),
    fallback: 'a' as const,
    readyTimeoutMs: 0,
  };

  it('rejects with a ModelrouteError that says to install the peer dependency', async () => {
    const error = await createRouter(options).catch((e: unknown) => e);
    expect(isModelrouteError(error) && error.code).toBe('invalid_options');
    expect((error as Error).message).toMatch(/peer dependency of @modelroute\/core.*npm i @opentelemetry\/api/);
  });

  it('tries again on the next call instead of keeping the first failure', async () => {
    const first = await createRouter(options).catch((e: unknown) => e);
    const second = await createRouter(options).catch((e: unknown) => e);
    expect(second).not.toBe(first);
    expect(isModelrouteError(second)).toBe(true);
  });
});
