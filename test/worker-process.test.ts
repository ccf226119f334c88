import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dist = (file: string): string => fileURLToPath(new URL(`../packages/worker/dist/${file}`, import.meta.url));
const models = new URL('../packages/worker/src/test-models/models.mjs', import.meta.url).href;

// A bare script: a worker model, one call (an async model that needs its thread's event loop), and no close().
// The answer must arrive (a running call keeps the process alive) and the process must then exit by itself
// (an idle pool does not keep it alive).
const body = (load: string, options: string): string => `
  ${load}
  const model = workerModel(new URL(${JSON.stringify(models)}), { exportName: 'later', threads: 1, ${options} });
  const answer = await model({ mode: 'ok', value: 21 });
  console.log(JSON.stringify({ score: answer.score, pending: model.pending }));
`;

describe('a workerModel in a real Node process that never calls close()', () => {
  const lanes: Array<[string, string]> = [
    ['a thread woken for each call', ''],
    ['threads that poll (pollMs)', 'pollMs: 1'],
  ];
  for (const [lane, options] of lanes)
    it.each([
      [
        'ESM',
        [
          '--input-type=module',
          '-e',
          body(`import { workerModel } from ${JSON.stringify(dist('index.js'))};`, options),
        ],
      ],
      [
        'CommonJS',
        [
          '-e',
          `(async () => { ${body(`const { workerModel } = require(${JSON.stringify(dist('index.cjs'))});`, options)} })().catch((e) => { console.error(e); process.exit(1); });`,
        ],
      ],
    ])(`${lane}, %s: the call is answered, then the process exits on its own`, async (_kind, args) => {
      expect(existsSync(dist('index.js')), 'run `pnpm build` first (pnpm test does it)').toBe(true);
      // The time limit only turns a hang (a pool that keeps the process alive) into a failure.
      const { stdout } = await run(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
      expect(JSON.parse(stdout.trim())).toEqual({ score: 42, pending: 0 });
    });
});
