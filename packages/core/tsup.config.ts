import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing.ts',
    spec: 'src/spec.ts',
    'source-kit': 'src/source-kit.ts',
    'otel-logs': 'src/shadow/otel-logs-sink.ts',
    // The decision loop's toolkit (experiment analysis; staged controller and promotion gate): entries of
    // their own, so that the root entry does not compile them (bench/footprint.bench.mjs).
    experiment: 'src/experiment.ts',
    controller: 'src/controller.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  // No source maps in the tarball: with their embedded sources they were more than half of it.
  sourcemap: false,
  target: 'node20',
  treeshake: true,
  // Shared chunks in the CommonJS build too (tsup's default splits ESM only): one copy of each class and
  // error behind every entry, so a `VersionSummary` from a router is one of '@modelroute/core/experiment'
  // and `isModelrouteError` knows the controller's errors; and createRouter's require() of the router's
  // extras loads a file of its own, not code that `require('@modelroute/core')` has already compiled.
  splitting: true,
  // import.meta.url in the CommonJS build (otel-logs loads its optional peer with createRequire).
  shims: true,
  // zod is bundled and tree-shaken into dist (only what the rollout schema uses), so it is no dependency:
  // it was 8 MB of a 12 MB install and half of the import time (bench/footprint.bench.mjs). eventemitter3's
  // code is bundled too: its ESM entry wraps CommonJS, and an ESM import of it started Node's CommonJS
  // loader and module lexer (a fifth of the import); it stays a dependency for its types. So does
  // @modelroute/stats (released with core, pure functions and plain classes, no state to share): bundled,
  // the import skips resolving and loading a second package (bench/footprint.bench.mjs).
  noExternal: ['zod', 'eventemitter3', '@modelroute/stats'],
  // Whitespace and syntax only (names stay, so stack traces still name our functions): the bundle is 30%
  // smaller and parses faster; the import cost fell by about a third in bench/footprint.bench.mjs.
  esbuildOptions(options, { format }) {
    options.minifyWhitespace = true;
    options.minifySyntax = true;
    // What core loads on first need (@opentelemetry/api, xxhash-wasm) it loads with import() in the ESM
    // build and require() in the CommonJS one, so CommonJS hosts without ESM support (Jest's default
    // VM) can run it.
    if (format === 'cjs') options.supported = { ...options.supported, 'dynamic-import': false };
  },
});
