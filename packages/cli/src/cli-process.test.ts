import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readHistory } from './history/read-history.js';
import { verifyHistory } from './history/verify-history.js';
import { bin, modelrouteProcess as modelroute } from './run-modelroute.test-support.js';

// The built binary as a real child process, as a shell script or an on-call engineer runs it: exit codes,
// concurrent processes under one lock, and processes killed with SIGKILL in the middle of a change.
// Everything else about the commands is tested in-process (cli.test.ts).

let dir: string;
let file: string;
const variants = Array.from({ length: 10 }, (_, i) => `m${i}`);
const readRoute = async () =>
  (JSON.parse(await readFile(file, 'utf8')) as { routes: Record<string, { weights: Record<string, number> }> }).routes
    .r!;
const audit = async () => readHistory(file);
const deadPid = Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString());

beforeEach(async () => {
  expect(existsSync(bin), `${bin} is missing: run \`pnpm build\` (pnpm test does it first)`).toBe(true);
  dir = await mkdtemp(join(tmpdir(), 'modelroute-cli-process-'));
  file = join(dir, 'rollout.json');
  const weights = Object.fromEntries(variants.map((v) => [v, 1]));
  await writeFile(file, JSON.stringify({ routes: { r: { champion: 'm0', weights } } }, null, 2));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the modelroute binary', () => {
  it('exit codes: 0 done, 1 refused, 2 usage; --json; the actor from $USER', async () => {
    expect(await modelroute(['validate', file])).toMatchObject({ code: 0, stdout: expect.stringContaining('valid') });
    expect((await modelroute(['--version'])).code).toBe(0);
    expect((await modelroute(['status', join(dir, 'nope.json')])).code).toBe(1);
    expect((await modelroute(['frobnicate'])).code).toBe(2);
    const set = await modelroute(['--json', 'set', file, 'r', 'm1=3'], { USER: 'alice' });
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ ok: true, changed: true });
    expect((await audit())[0]).toMatchObject({ actor: 'alice', action: 'set' });
  });

  it('10 concurrent set processes, 20 rounds, each round with a stale lock present: no lost update, a true audit chain', async () => {
    let lines = 0;
    for (let round = 0; round < 20; round++) {
      // Even rounds: the fresh lock of a holder killed with SIGKILL (only its dead pid makes it stale).
      // Odd rounds: a 60 s old lock of a process on another host.
      if (round % 2 === 0)
        await writeFile(`${file}.lock`, JSON.stringify({ pid: deadPid, host: 'unused', token: `r${round}` }));
      else {
        await writeFile(`${file}.lock`, JSON.stringify({ pid: 1, host: 'elsewhere', token: `r${round}` }));
        const old = new Date(Date.now() - 60_000);
        await utimes(`${file}.lock`, old, old);
      }
      if (round % 2 === 0) await writeFile(`${file}.lock`, `${deadPid}\n`); // as an older CLI wrote it
      const weight = (i: number) => round * 10 + i + 2;
      const runs = await Promise.all(variants.map((v, i) => modelroute(['set', file, 'r', `${v}=${weight(i)}`])));
      expect(
        runs.map((r) => r.code),
        runs.map((r) => r.stderr).join(''),
      ).toEqual(Array(10).fill(0));
      // No lost update: every process's weight is in the file.
      expect((await readRoute()).weights).toEqual(Object.fromEntries(variants.map((v, i) => [v, weight(i)])));
      // The history: one entry per change, every process's among them, a valid hash chain that replays
      // to the file.
      const log = await audit();
      expect(log).toHaveLength(lines + 10);
      const round_ = log.slice(lines).map((e) => e.changes.r!.diff);
      for (const [i, v] of variants.entries())
        expect(round_).toContainEqual([
          { path: ['weights', v], before: round === 0 ? 1 : weight(i) - 10, after: weight(i) },
        ]);
      lines = log.length;
      expect(await verifyHistory(file)).toMatchObject({ ok: true, entries: lines });
      expect(existsSync(`${file}.lock`)).toBe(false);
    }
    expect((await readdir(dir)).sort()).toEqual(['rollout.json', 'rollout.json.audit.log', 'rollout.json.prev']);
  }, 600_000); // 200 processes of the binary: minutes on a loaded machine
});

/** Starts `modelroute args...` and resolves once `ready(name)` sees a new file in `dir`, with that child. */
function startUntil(args: string[], ready: (name: string) => boolean): Promise<{ child: ChildProcess; seen: string }> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dir, (_, name) => {
      if (name !== null && ready(name)) {
        watcher.close();
        resolve({ child, seen: name });
      }
    });
    const child = spawn(process.execPath, [bin, ...args], { stdio: 'ignore' });
    child.on('exit', () => {
      watcher.close();
      reject(new Error('finished before it was caught'));
    });
  });
}
const exited = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

describe('kill -9 in the middle of a change', () => {
  it('a holder killed while it holds the lock does not block the next change: its dead pid frees the lock at once', async () => {
    const lib = new URL('../dist/index.js', import.meta.url).href;
    // A change whose edit never returns, so the process is surely inside the lock when it is killed.
    const script = `import { changeRoute } from ${JSON.stringify(lib)};
      await changeRoute(${JSON.stringify(file)}, 'r', 'set', (d) => { process.stdout.write('locked\\n'); for (;;); }, () => '');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    child.kill('SIGKILL');
    await exited(child);
    expect(existsSync(`${file}.lock`)).toBe(true);
    // The lock is fresh, and a change waits 10 s at most: only the dead pid lets this one through.
    const now = new Date();
    await utimes(`${file}.lock`, now, now);
    expect(await modelroute(['set', file, 'r', 'm1=5'])).toMatchObject({ code: 0 });
    expect((await readRoute()).weights.m1).toBe(5);
    expect(existsSync(`${file}.lock`)).toBe(false);
  }, 120_000);

  it('a writer killed mid-write leaves the old file intact; the next change removes its temp file and lock', async () => {
    const weights = Object.fromEntries(variants.map((v) => [v, 1]));
    await writeFile(file, JSON.stringify({ routes: { r: { champion: 'm0', weights } } }, null, 2));
    const original = await readFile(file, 'utf8');
    // Deterministic "mid-write": a preload makes the rename of the data temp file (the step that would
    // publish it) hang and say so, with the temp file fully written; then the process is killed.
    const preload = `import fs from 'node:fs/promises'; import { syncBuiltinESMExports } from 'node:module';
      const rename = fs.rename;
      fs.rename = (from, to) => /\\.rollout\\.json\\.\\d+\\.[0-9a-f]{8}\\.tmp$/.test(String(from))
        ? (process.stdout.write('renaming\\n'), new Promise(() => {})) : rename(from, to);
      syncBuiltinESMExports();`;
    const child = spawn(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, bin, 'set', file, 'r', 'm2=10'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('renaming') && resolve());
      child.once('exit', () => reject(new Error('the writer finished before it reached its rename')));
    });
    child.kill('SIGKILL');
    await exited(child);
    const dataTemp = (name: string) => /^\.rollout\.json\.\d+\.[0-9a-f]{8}\.tmp$/.test(name);
    expect(await readFile(file, 'utf8')).toBe(original); // atomic: the old content, never torn
    expect(existsSync(`${file}.lock`)).toBe(true);
    expect((await readdir(dir)).some(dataTemp)).toBe(true);
    expect(await modelroute(['set', file, 'r', 'm3=9'])).toMatchObject({ code: 0 });
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([]);
    expect((await readRoute()).weights.m3).toBe(9);
    expect((await readRoute()).weights.m2).toBe(1); // the killed change never landed
    // The history still replays to the file.
    expect(await verifyHistory(file)).toMatchObject({ ok: true });
  }, 120_000);

  it.each([
    ['a change', ['set', 'r', 'm3=9'], 'set'],
    ['an approval', ['promote', 'r', 'm1', '--approve'], 'approve'],
  ])(
    'a writer killed after publishing, before logging: the next locked write (%s) logs it first, with its own actor and reason',
    async (_what, [command, ...next], action) => {
      const weights = Object.fromEntries(variants.map((v) => [v, 1]));
      const gate = { approvals: 2 }; // promote --approve records an approval entry and changes nothing yet
      await writeFile(file, JSON.stringify({ routes: { r: { champion: 'm0', weights, gate } } }, null, 2));
      expect(await modelroute(['set', file, 'r', 'm1=2', '--actor', 'alice'])).toMatchObject({ code: 0 });
      // Deterministic: a preload makes the append to the history hang and say so, after the file was published.
      const preload = `import fs from 'node:fs/promises'; import { syncBuiltinESMExports } from 'node:module';
      const appendFile = fs.appendFile;
      fs.appendFile = (path, ...rest) => String(path).endsWith('.audit.log')
        ? (process.stdout.write('logging\\n'), new Promise(() => {})) : appendFile(path, ...rest);
      syncBuiltinESMExports();`;
      const child = spawn(
        process.execPath,
        [
          '--import',
          `data:text/javascript,${encodeURIComponent(preload)}`,
          bin,
          'set',
          file,
          'r',
          'm2=10',
          '--actor',
          'bob',
          '--reason',
          'killed before it logged',
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('logging') && resolve());
        child.once('exit', () => reject(new Error('the writer finished before it reached its history append')));
      });
      child.kill('SIGKILL');
      await exited(child);
      expect((await readRoute()).weights.m2).toBe(10); // published
      expect(existsSync(`${file}.pending`)).toBe(true);
      expect(await verifyHistory(file)).toMatchObject({
        ok: false,
        problem: { message: expect.stringMatching(/stopped before logging it/) },
      });
      expect(await modelroute([command!, file, ...next, '--actor', 'carol'])).toMatchObject({ code: 0 });
      const entries = (await readHistory(file)).map((e) => [e.action, e.actor, e.reason ?? null]);
      expect(entries).toEqual([
        ['set', 'alice', null],
        ['set', 'bob', 'killed before it logged'], // its own entry, not an "external" one
        [action, 'carol', null],
      ]);
      expect(existsSync(`${file}.pending`)).toBe(false);
      expect(await verifyHistory(file)).toMatchObject({ ok: true });
    },
    120_000,
  );
});
