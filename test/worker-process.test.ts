import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dist = (file: string): string => fileURLToPath(new URL(`../packages/worker/dist/${file}`, import.meta.url));
const models = new URL('../packages/worker/src/test-models/models.mjs', import.meta.url).href;

// Bare scripts in real Node processes, none of which keeps the process alive on its own: a call that is
// running must keep it alive until it settles (answered, failed or its thread ended), and a pool with nothing
// running must not. Each script prints one JSON line.
const scripts = {
  // an async model that needs its thread's event loop; no close()
  answered: `
    const model = workerModel(new URL(MODELS), { exportName: 'later', threads: 1 });
    const answer = await model({ mode: 'ok', value: 21 });
    print({ score: answer.score, pending: model.pending });`,
  // the thread ends during the call (process.exit in the model); no close()
  crashed: `
    const model = workerModel(new URL(MODELS), { threads: 1 });
    const error = await model({ mode: 'exit', value: 1 }).catch((e) => e);
    print({ error: error.message.includes('exited with code: 3'), pending: model.pending });`,
  // the module has no such export; no close()
  unloaded: `
    const model = workerModel(new URL(MODELS), { exportName: 'nope', threads: 1 });
    const error = await model({ mode: 'ok', value: 1 }).catch((e) => e);
    print({ error: error.message.includes("no function export named 'nope'"), pending: model.pending });`,
  // what the model prints reaches stdout before its answer, so none of it is lost when the program ends
  printed: `
    const model = workerModel(new URL(MODELS), { exportName: 'loud', threads: 1 });
    for (const value of [1, 2, 3]) await model({ mode: 'ok', value });
    await model.close();
    print({ pending: model.pending });`,
  // close() while a running call passes its timeoutMs: close must still end
  closedDuringTimeout: `
    const model = workerModel(new URL(MODELS), { threads: 1, timeoutMs: 300, closeTimeoutMs: 2000 });
    const hung = model({ mode: 'hang', value: 1 }).catch((e) => e.code);
    await model.close();
    print({ hung: await hung, pending: model.pending });`,
};
const moreScripts = {
  // a call made while three threads load: the third never finishes loading; after the answer nothing runs
  loadingThreadLeft: `
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    process.env.MODELROUTE_TEST_SLOTS = mkdtempSync(tmpdir() + '/modelroute-slots-');
    process.env.MODELROUTE_TEST_LATER = 'hang';
    const model = workerModel(new URL('./two-good-loads.mjs', MODELS), { threads: 3, timeoutMs: 0 });
    const answer = await model({ mode: 'ok', value: 1 });
    print({ score: answer.score, pending: model.pending });`,
  // the module fails in a timer while it loads: the call fails with that error, and nothing on stderr blames a process.exit
  loadFailed: `
    const model = workerModel(new URL('./fails-at-load.mjs', MODELS), { threads: 1 });
    const error = await model({ mode: 'ok', value: 1 }).catch((e) => e);
    print({ error: error.message.includes('failed in a timer while it loaded'), pending: model.pending });`,
  // close() ends within closeTimeoutMs even while a thread is blocked in native code
  closedDuringNative: `
    const { existsSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const marker = mkdtempSync(tmpdir() + '/modelroute-native-') + '/done';
    const model = workerModel(new URL(MODELS), { threads: 1, exportName: 'native', closeTimeoutMs: 200 });
    const call = model({ mode: 'ok', value: 1, marker }).catch((e) => e.code);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await model.close();
    print({ closedFirst: !existsSync(marker), call: await call, pending: model.pending });`,
};
Object.assign(scripts, moreScripts);
const expected = {
  loadingThreadLeft: { score: 2, pending: 0 },
  loadFailed: { error: true, pending: 0 },
  closedDuringNative: { closedFirst: true, call: 'model_closed', pending: 0 },
  answered: { score: 42, pending: 0 },
  crashed: { error: true, pending: 0 },
  unloaded: { error: true, pending: 0 },
  printed: { pending: 0 },
  closedDuringTimeout: { hung: 'model_timeout', pending: 0 },
};

function programs(script: string): Array<[string, string[]]> {
  const body = (load: string) =>
    `${load}\nconst MODELS = ${JSON.stringify(models)};\nconst print = (v) => console.log(JSON.stringify(v));\n${script}`;
  const esm = body(`import { workerModel } from ${JSON.stringify(dist('index.js'))};`);
  const cjs = `(async () => { ${body(`const { workerModel } = require(${JSON.stringify(dist('index.cjs'))});`)} })().catch((e) => { console.error(e); process.exit(1); });`;
  return [
    ['ESM', ['--input-type=module', '-e', esm]],
    ['CommonJS', ['-e', cjs]],
    // Node options the threads inherit: a pool must start under them
    [
      'ESM, with --max-old-space-size and --stack-trace-limit',
      ['--max-old-space-size=512', '--stack-trace-limit=20', '--input-type=module', '-e', esm],
    ],
  ];
}

describe('a workerModel in a real Node process that nothing else keeps alive', () => {
  for (const [name, script] of Object.entries(scripts))
    for (const [kind, args] of programs(script))
      it(`${name}, ${kind}: the call settles, then the process exits on its own`, async () => {
        expect(existsSync(dist('index.js')), 'run `pnpm build` first (pnpm test does it)').toBe(true);
        // The time limit only turns a hang (a pool that keeps the process alive) into a failure.
        const { stdout, stderr } = await run(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
        expect(stderr).not.toContain('while it was imported'); // no process.exit blamed on a module that made none
        const lines = stdout.trim().split('\n');
        expect(JSON.parse(lines.at(-1) as string)).toEqual(expected[name as keyof typeof expected]);
        if (name === 'printed')
          expect(lines.filter((line) => line.startsWith('LOG FROM THE MODEL')).map((l) => l.length)).toEqual([
            100_021, 100_021, 100_021,
          ]);
      });
});
