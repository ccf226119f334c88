import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The router's own warnings (ModelrouteWarning) that a test provokes on purpose are asserted by the test
    // (captureWarnings, or a 'warning' listener), which Node still calls; printing them as well made
    // `pnpm test` look alarming. Other warnings (deprecations, ...) still print.
    execArgv: ['--disable-warning=ModelrouteWarning'],
    // The JSON report lets .ci/run print one closing line with the counts.
    reporters: ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]],
  },
});
