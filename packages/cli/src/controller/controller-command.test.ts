import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canary, rolloutDocument } from '@modelroute/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDuration } from '../commands/controller.js';
import { runCli } from '../program.js';
import { fileWriter } from './file-writer.js';

let dir: string;
let file: string;
const run = async (args: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-controller-cmd-'));
  file = join(dir, 'rollout.json');
  await writeFile(
    file,
    JSON.stringify(rolloutDocument({ score: canary({ stable: 'v1', canary: 'v2', steps: [5, 50] }) })),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('modelroute controller', () => {
  it('parses durations and refuses others as usage errors', () => {
    expect([
      parseDuration('500ms'),
      parseDuration('30s'),
      parseDuration('5m'),
      parseDuration('1h'),
      parseDuration('2'),
    ]).toEqual([500, 30_000, 300_000, 3_600_000, 2000]);
    expect(() => parseDuration('soon')).toThrow(/"soon" is not a duration; use e.g. 30s, 5m or 1h/);
  });

  it('exits 2 on missing or malformed flags', async () => {
    expect((await run(['controller', '--file', file, '--route', 'score'])).code).toBe(2);
    const notUrl = await run(['controller', '--file', file, '--route', 'score', '--prometheus', 'prom:9090', '--once']);
    expect(notUrl).toMatchObject({ code: 2, stderr: expect.stringContaining('"prom:9090" is not a URL') });
    const badInterval = await run([
      'controller',
      '--file',
      file,
      '--route',
      'score',
      '--prometheus',
      'http://127.0.0.1:9',
      '--interval',
      'often',
    ]);
    expect(badInterval.code).toBe(2);
  });

  it('--once fails (exit 1, file untouched) when Prometheus cannot be reached, and names the route problem', async () => {
    const before = await readFile(file, 'utf8');
    const down = await run([
      'controller',
      '--file',
      file,
      '--route',
      'score',
      '--prometheus',
      'http://127.0.0.1:9',
      '--once',
    ]);
    expect(down).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('cannot query Prometheus at http://127.0.0.1:9'),
    });
    expect(await readFile(file, 'utf8')).toBe(before);
    const noRoute = await run([
      'controller',
      '--file',
      file,
      '--route',
      'nope',
      '--prometheus',
      'http://127.0.0.1:9',
      '--once',
    ]);
    expect(noRoute).toMatchObject({ code: 1, stderr: expect.stringContaining('has no route "nope"') });
  });

  it("runs after a crashed run's leftovers (a stale lock, a temp file): the file stays valid", async () => {
    // What a run killed between its read and its write leaves: its lock and maybe a temp file, never a torn file.
    await writeFile(`${file}.lock`, '12345\n');
    const old = new Date(Date.now() - 60_000);
    await utimes(`${file}.lock`, old, old);
    await writeFile(join(dir, '.rollout.json.12345.abcd.tmp'), '{"routes": {"score": {"cham');
    const result = await fileWriter(file).write({
      route: 'score',
      command: 'advance',
      edit: (doc) => ({ ...doc, weights: { v1: 50, v2: 50 } }),
      actor: 'test',
      reason: 'after a crash',
      evidence: undefined as never,
    });
    expect(result.changed).toBe(true);
    expect((await run(['validate', file])).code).toBe(0);
  });
});
