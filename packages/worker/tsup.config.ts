import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'node20',
  treeshake: true,
  // import.meta.url in the CommonJS build too: workerModel finds worker-entry.mjs beside itself.
  shims: true,
  // Plain JavaScript that worker threads load as it is (from src/ in the tests, from dist/ in the package).
  onSuccess: async () => {
    for (const file of ['worker-boot.cjs', 'worker-entry.mjs', 'thread-protocol.mjs', 'thread-priority.mjs'])
      await copyFile(`src/${file}`, `dist/${file}`);
  },
});
