import { defineConfig } from 'tsup';

export default defineConfig([
  // The library: what `onTrip` hooks and scripts import (rollbackFile, promoteFile, ...).
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: false,
    sourcemap: false,
    target: 'node20',
    treeshake: true,
  },
  // The `modelroute` binary.
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    sourcemap: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
