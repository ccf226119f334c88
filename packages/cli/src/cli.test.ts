import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// These tests run the built binary as a real child process, as a shell script would.
const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function modelroute(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as NodeJS.ErrnoException & { code: unknown }).code) : 0, stdout, stderr });
    });
  });
}

const route = {
  champion: 'fraud-v3',
  weights: { 'fraud-v3': 95, 'fraud-v4': 5 },
  shadow: [{ model: 'fraud-v5', fraction: 0.25 }],
  guard: { errorRateRatio: 5, p99LatencyMs: 250, invalidRate: 0.01, failover: true },
};

let dir: string;
let file: string;
const read = async () =>
  JSON.parse(await readFile(file, 'utf8')) as { routes: Record<string, typeof route & { rollbackTo?: string }> };
const audit = async () =>
  (await readFile(`${file}.audit.log`, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeEach(async () => {
  expect(existsSync(bin), `${bin} is missing: run \`pnpm build\` (pnpm test does it first)`).toBe(true);
  dir = await mkdtemp(join(tmpdir(), 'modelroute-cli-'));
  file = join(dir, 'rollout.json');
  await writeFile(
    file,
    JSON.stringify({ routes: { 'fraud-score': route, other: { champion: 'a', weights: { a: 1 } } } }, null, 2),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('modelroute validate and status', () => {
  it('validate: exit 0 for a valid file; exit 1 with every problem for an invalid one', async () => {
    expect(await modelroute(['validate', file])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('valid: 2 routes (fraud-score, other)'),
    });
    await writeFile(
      file,
      JSON.stringify({ routes: { r: { champion: 'a', weights: { a: -1 }, guard: { invalidRate: 2 } } } }),
    );
    const bad = await modelroute(['validate', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'routes.r.weights.a: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got -1',
    );
    expect(bad.stderr).toContain('routes.r.guard.invalidRate: must be a number between 0 and 1, got 2');
    const json = await modelroute(['--json', 'validate', file]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      exitCode: 1,
      problems: expect.arrayContaining([expect.stringContaining('weights.a')]),
    });
  });

  it('status: a readable table of weights, shares, shadows and guard; --json for machines', async () => {
    const { code, stdout } = await modelroute(['status', file, 'fraud-score']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/fraud-v3\s+95\s+95\.0%\s+champion/);
    expect(stdout).toMatch(/fraud-v4\s+5\s+5\.0%/);
    expect(stdout).toMatch(/fraud-v5\s+-\s+-\s+shadow 25%/);
    expect(stdout).toContain(
      'guard: error rate >= 5x baseline (floor 0.01); p99 > 250 ms; invalid > 0.01; window 60000 ms, min 50 calls; failover on; recovery manual',
    );
    expect(stdout).not.toContain('route other');
    const json = JSON.parse((await modelroute(['status', file, '--json'])).stdout);
    expect(json.routes.map((r: { route: string }) => r.route)).toEqual(['fraud-score', 'other']);
    expect(json.routes[0].variants[1]).toEqual({ variant: 'fraud-v4', weight: 5, share: 0.05, roles: [] });
  });

  it('refuses a missing file or route with exit 1, and bad usage with exit 2', async () => {
    expect(await modelroute(['status', join(dir, 'nope.json')])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('does not exist'),
    });
    expect(await modelroute(['rollback', file, 'nope'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('has no route "nope" (it has "fraud-score", "other")'),
    });
    expect((await modelroute(['rollback', file])).code).toBe(2);
    expect((await modelroute(['frobnicate'])).code).toBe(2);
    expect((await modelroute([])).code).toBe(2);
    expect((await modelroute(['set', file, 'fraud-score', 'fraud-v4'])).code).toBe(2);
    expect((await modelroute(['--help'])).code).toBe(0);
  });
});

describe('modelroute changes', () => {
  it('rollback: all traffic to the champion, previous version kept, audit line with who, what and why', async () => {
    const r = await modelroute(['rollback', file, 'fraud-score', '--reason', 'p99 alert', '--actor', 'oncall-bob']);
    expect(r).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('rolled back: fraud-score: weights fraud-v3 95 -> 100, fraud-v4 5 -> 0'),
    });
    expect((await read()).routes['fraud-score']!.weights).toEqual({ 'fraud-v3': 100, 'fraud-v4': 0 });
    expect(JSON.parse(await readFile(`${file}.prev`, 'utf8')).routes['fraud-score'].weights).toEqual(route.weights);
    const [line] = await audit();
    expect(line).toMatchObject({
      actor: 'oncall-bob',
      command: 'rollback',
      routes: ['fraud-score'],
      reason: 'p99 alert',
      before: { weights: route.weights },
      after: { weights: { 'fraud-v3': 100, 'fraud-v4': 0 } },
    });
    expect(Date.parse(line!.at as string)).not.toBeNaN();
    // Again: nothing to do, nothing written, no audit line.
    expect(await modelroute(['rollback', file, 'fraud-score'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('unchanged'),
    });
    expect(await audit()).toHaveLength(1);
  });

  it('rollback --to a variant; a variant the route does not name is refused unless --force', async () => {
    expect((await modelroute(['rollback', file, 'fraud-score', '--to', 'fraud-v4'])).code).toBe(0);
    expect((await read()).routes['fraud-score']!.weights).toEqual({ 'fraud-v3': 0, 'fraud-v4': 100 });
    const typo = await modelroute(['rollback', file, 'fraud-score', '--to', 'fraud-v33', '--json']);
    expect(typo.code).toBe(1);
    expect(JSON.parse(typo.stdout).error).toContain('names no model "fraud-v33"');
    expect((await read()).routes['fraud-score']!.weights).toEqual({ 'fraud-v3': 0, 'fraud-v4': 100 });
  });

  it('set: changes the named weights only; an invalid result is refused and nothing is written', async () => {
    const r = await modelroute(['set', file, 'fraud-score', 'fraud-v4=20', 'fraud-v3=80', '--json'], { USER: 'alice' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      changed: true,
      after: { weights: { 'fraud-v3': 80, 'fraud-v4': 20 } },
    });
    expect((await audit())[0]).toMatchObject({ actor: 'alice', command: 'set' });
    const before = await readFile(file, 'utf8');
    const refused = await modelroute(['set', file, 'fraud-score', 'fraud-v3=0', 'fraud-v4=0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('must give at least one model a weight above 0');
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('promote: the variant becomes champion with all traffic, the old champion becomes rollbackTo', async () => {
    expect((await modelroute(['promote', file, 'fraud-score', 'fraud-v4'])).code).toBe(0);
    const doc = (await read()).routes['fraud-score']!;
    expect(doc).toMatchObject({
      champion: 'fraud-v4',
      rollbackTo: 'fraud-v3',
      weights: { 'fraud-v3': 0, 'fraud-v4': 100 },
    });
    expect(doc.guard).toEqual(route.guard);
  });

  it('a change drops a stale version label (routers then report the new content hash) unless --label sets one', async () => {
    const labelled = { ...route, version: 'v1', weights: { 'fraud-v3': 100, 'fraud-v4': 0 } };
    await writeFile(
      file,
      JSON.stringify({ routes: { 'fraud-score': labelled, other: { champion: 'a', weights: { a: 1 } } } }, null, 2),
    );
    const version = async () =>
      JSON.parse((await modelroute(['--json', 'status', file, 'fraud-score'])).stdout).routes[0].version as string;
    expect(await version()).toBe('v1');
    // Nothing to change: the label stays.
    expect(await modelroute(['rollback', file, 'fraud-score'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('unchanged'),
    });
    expect((await read()).routes['fraud-score']).toMatchObject({ version: 'v1' });
    const set = await modelroute(['set', file, 'fraud-score', 'fraud-v4=5', 'fraud-v3=95']);
    expect(set).toMatchObject({ code: 0, stdout: expect.stringContaining('version v1 -> (content hash)') });
    expect((await read()).routes['fraud-score']).not.toHaveProperty('version');
    const afterSet = await version();
    expect(afterSet).toMatch(/^[0-9a-f]{8}$/);
    // Back to the labelled weights, but not the labelled document: routers report neither "v1" nor the set's hash.
    expect((await modelroute(['rollback', file, 'fraud-score'])).code).toBe(0);
    expect((await read()).routes['fraud-score']).not.toHaveProperty('version');
    expect(await version()).not.toBe(afterSet);
    expect(await version()).not.toBe('v1');
    // --label sets the label, on any change command.
    expect(await modelroute(['promote', file, 'fraud-score', 'fraud-v4', '--label', 'v4-promoted'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('version (content hash) -> v4-promoted'),
    });
    expect(await version()).toBe('v4-promoted');
    expect(
      await modelroute(['rollback', file, 'fraud-score', '--to', 'fraud-v3', '--label', 'v3-rollback']),
    ).toMatchObject({ code: 0 });
    expect((await read()).routes['fraud-score']).toMatchObject({
      version: 'v3-rollback',
      weights: { 'fraud-v3': 100, 'fraud-v4': 0 },
    });
    expect((await audit()).at(-1)).toMatchObject({
      before: { version: 'v4-promoted' },
      after: { version: 'v3-rollback' },
    });
    // A label alone is a change; an empty one is a usage error and writes nothing.
    expect(
      await modelroute(['rollback', file, 'fraud-score', '--to', 'fraud-v3', '--label', 'v3-final']),
    ).toMatchObject({ code: 0, stdout: expect.stringContaining('version v3-rollback -> v3-final') });
    const before = await readFile(file, 'utf8');
    expect((await modelroute(['set', file, 'fraud-score', 'fraud-v4=1', '--label', ' '])).code).toBe(2);
    expect(await readFile(file, 'utf8')).toBe(before);
    // undo restores the previous file as it was, label included.
    expect((await modelroute(['undo', file])).code).toBe(0);
    expect(await version()).toBe('v3-rollback');
  });

  it('undo: restores the previous version; a second undo re-applies the change; nothing to undo is exit 1', async () => {
    expect((await modelroute(['undo', file])).code).toBe(1);
    const original = await readFile(file, 'utf8');
    await modelroute(['rollback', file, 'fraud-score']);
    const rolledBack = await readFile(file, 'utf8');
    expect(await modelroute(['undo', file, '--reason', 'false alarm'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('routes changed: fraud-score'),
    });
    expect(await readFile(file, 'utf8')).toBe(original);
    await modelroute(['undo', file]);
    expect(await readFile(file, 'utf8')).toBe(rolledBack);
    expect((await audit()).map((l) => l.command)).toEqual(['rollback', 'undo', 'undo']);
    expect((await audit())[1]).toMatchObject({ reason: 'false alarm' });
  });

  it('writes atomically: a reader polling the file during many concurrent changes never sees a torn or invalid document', async () => {
    let reads = 0;
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        const text = await readFile(file, 'utf8');
        expect(() => JSON.parse(text)).not.toThrow();
        reads++;
      }
    })();
    // Weights 11..18, none equal to the fixture's 5: every change changes something, so each leaves an audit line.
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) => modelroute(['set', file, 'fraud-score', `fraud-v4=${i + 11}`])),
    );
    stop = true;
    await reader;
    expect(runs.map((r) => r.code)).toEqual(Array(8).fill(0));
    expect(reads).toBeGreaterThan(0);
    // The lock serialized them: one audit line each, and each line's "before" is the previous line's "after".
    const lines = await audit();
    expect(lines).toHaveLength(8);
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.before).toEqual(lines[i - 1]!.after);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
