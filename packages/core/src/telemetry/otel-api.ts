import type * as OtelApi from '@opentelemetry/api';
import { ModelrouteError } from '../errors/modelroute-error.js';

// @opentelemetry/api is loaded on first need (createRouter without a meterProvider, a controller's first
// count), not when @modelroute/core is imported: the API is some sixty CommonJS files, which were about
// half of core's import time. An application that uses OpenTelemetry has loaded it already, so for it
// this costs nothing at all (bench/footprint.bench.mjs).
let api: typeof OtelApi | undefined;
let loading: Promise<typeof OtelApi> | undefined;

/**
 * Loads `@opentelemetry/api` once; later calls get the same module. Rejects with a `ModelrouteError`
 * (`invalid_options`) that says to install it when the peer dependency is missing (and tries again on the
 * next call, so installing it needs no restart of a long-lived process's retry loop).
 */
export function loadOtelApi(): Promise<typeof OtelApi> {
  loading ??= import('@opentelemetry/api').then(
    (module) => {
      api = module;
      return module;
    },
    (error: unknown) => {
      loading = undefined;
      throw new ModelrouteError(
        'invalid_options',
        `@opentelemetry/api, a peer dependency of @modelroute/core, could not be loaded (${(error as Error)?.message ?? String(error)}). Install it next to @modelroute/core: npm i @opentelemetry/api`,
        { cause: error },
      );
    },
  );
  return loading;
}

/** `@opentelemetry/api` when {@link loadOtelApi} has loaded it, else undefined. */
export function loadedOtelApi(): typeof OtelApi | undefined {
  return api;
}
