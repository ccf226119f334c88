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
  sourcemap: true,
  target: 'node20',
  treeshake: true,
});
