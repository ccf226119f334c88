import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dist = (file: string): string => fileURLToPath(new URL(`../packages/core/dist/${file}`, import.meta.url));

// A bare script: nothing but `await createRouter(...)` with a source that never becomes ready, then a call.
// Before the fix the ready-timeout timer was unref'd and the process exited before either line ran.
const body = (load: string): string => `
  ${load}
  const never = { name: 'never', subscribe: () => ({ ready: new Promise(() => {}), unsubscribe() {} }), close: async () => {} };
  const started = Date.now();
  const router = await createRouter({
    route: 'r', models: { a: (x) => 'a:' + x, fb: (x) => 'fallback:' + x }, source: never, fallback: 'fb', readyTimeoutMs: 300,
  });
  const waited = Date.now() - started;
  console.log(JSON.stringify({ output: await router.predict(1), reason: router.decide('u').reason, waitedEnough: waited >= 290 }));
  await router.close();
`;

describe('await createRouter(...) with a never-ready source, in a real Node process', () => {
  it.each([
    ['ESM', ['--input-type=module', '-e', body(`import { createRouter } from ${JSON.stringify(dist('index.js'))};`)]],
    [
      'CommonJS',
      [
        '-e',
        `(async () => { ${body(`const { createRouter } = require(${JSON.stringify(dist('index.cjs'))});`)} })().catch((e) => { console.error(e); process.exit(1); });`,
      ],
    ],
  ])('%s: waits readyTimeoutMs, then serves the fallback and says so', async (_kind, args) => {
    expect(existsSync(dist('index.js')), 'run `pnpm build` first (pnpm test does it)').toBe(true);
    const { stdout, stderr } = await run(process.execPath, args, { encoding: 'utf8' });
    expect(JSON.parse(stdout.trim())).toEqual({ output: 'fallback:1', reason: 'fallback', waitedEnough: true });
    expect(stderr).toContain('source "never" delivered no first value within readyTimeoutMs (300 ms)');
    expect(stderr).toContain('fallback "fb"');
  });
});
