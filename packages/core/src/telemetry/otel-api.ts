import type * as OtelApi from '@opentelemetry/api';

// @opentelemetry/api is loaded on first need (createRouter without a meterProvider, a controller's first
// count), not when @modelroute/core is imported: the API is some sixty CommonJS files, which were about
// half of core's import time. An application that uses OpenTelemetry has loaded it already, so for it
// this costs nothing at all (bench/footprint.bench.mjs).
let api: typeof OtelApi | undefined;
let loading: Promise<typeof OtelApi> | undefined;

/** Loads `@opentelemetry/api` once; later calls get the same module. */
export function loadOtelApi(): Promise<typeof OtelApi> {
  loading ??= import('@opentelemetry/api').then((module) => {
    api = module;
    return module;
  });
  return loading;
}

/** `@opentelemetry/api` when {@link loadOtelApi} has loaded it, else undefined. */
export function loadedOtelApi(): typeof OtelApi | undefined {
  return api;
}
