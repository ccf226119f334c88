import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing.ts',
    spec: 'src/spec.ts',
    'source-kit': 'src/source-kit.ts',
    'otel-logs': 'src/shadow/otel-logs-sink.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  // No source maps in the tarball: with their embedded sources they were more than half of it.
  sourcemap: false,
  target: 'node20',
  treeshake: true,
  // import.meta.url in the CommonJS build (otel-logs loads its optional peer with createRequire).
  shims: true,
  // eventemitter3's code is bundled: its ESM entry wraps CommonJS, and an ESM import of it started Node's CommonJS
  // loader and module lexer (a fifth of the import); it stays a dependency for its types. So does
  // @modelroute/stats (released with core, pure functions and plain classes, no state to share): bundled,
  // the import skips resolving and loading a second package (bench/footprint.bench.mjs).
  noExternal: ['eventemitter3', '@modelroute/stats'],
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
