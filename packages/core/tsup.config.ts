import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'otel-logs': 'src/shadow/otel-logs-sink.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
  // import.meta.url in the CommonJS build (otel-logs loads its optional peer with createRequire).
  shims: true,
});
