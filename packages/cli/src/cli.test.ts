import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from './history/history-entry.js';
import { verifyHistory } from './history/verify-history.js';
import { modelroute } from './run-modelroute.test-support.js';

// The commands, run in-process through runCli as the binary runs them (cli-process.test.ts runs the
// binary itself: exit codes, concurrent processes, kill -9).
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
    .map((l) => JSON.parse(l) as HistoryEntry);

beforeEach(async () => {
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
      v: 2,
      seq: 1,
      actor: 'oncall-bob',
      action: 'rollback',
      reason: 'p99 alert',
      prev: '0'.repeat(64),
      changes: {
        'fraud-score': {
          base: route, // the route's first entry carries it whole; later ones only their diff
          diff: [
            { path: ['weights', 'fraud-v3'], before: 95, after: 100 },
            { path: ['weights', 'fraud-v4'], before: 5, after: 0 },
          ],
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          version: expect.stringMatching(/^[0-9a-f]{8}$/),
        },
      },
    });
    expect(Date.parse(line!.at)).not.toBeNaN();
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
    const r = await modelroute([
      'set',
      file,
      'fraud-score',
      'fraud-v4=20',
      'fraud-v3=80',
      '--json',
      '--actor',
      'alice',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      changed: true,
      after: { weights: { 'fraud-v3': 80, 'fraud-v4': 20 } },
    });
    expect((await audit())[0]).toMatchObject({ actor: 'alice', action: 'set' });
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
    expect((await audit()).at(-1)!.changes).toMatchObject({
      'fraud-score': {
        diff: expect.arrayContaining([{ path: ['version'], before: 'v4-promoted', after: 'v3-rollback' }]),
        version: 'v3-rollback',
      },
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
    expect((await audit()).map((l) => l.action)).toEqual(['rollback', 'undo', 'undo']);
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
    // The lock serialized them: one history entry each, and the chain replays to the file.
    expect(await audit()).toHaveLength(8);
    expect(await verifyHistory(file)).toMatchObject({ ok: true, entries: 8 });
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});

describe('faults (issue 10)', () => {
  it('set refuses weights that are not decimal numbers (0x10, .5) with a usage error and writes nothing', async () => {
    const before = await readFile(file, 'utf8');
    for (const pair of [
      'fraud-v4=0x10',
      'fraud-v4=.5',
      'fraud-v4=5.',
      'fraud-v4=0b1',
      'fraud-v4=Infinity',
      'fraud-v4= ',
    ]) {
      const r = await modelroute(['set', file, 'fraud-score', pair]);
      expect(r.code, pair).toBe(2);
      expect(r.stderr).toContain(`"${pair}" is not variant=weight`);
      expect(r.stderr).toContain('a decimal number such as 20 or 2.5');
    }
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await modelroute(['set', file, 'fraud-score', 'fraud-v4=2.5', 'fraud-v3=1e2'])).code).toBe(0);
    expect((await read()).routes['fraud-score']!.weights).toEqual({ 'fraud-v3': 100, 'fraud-v4': 2.5 });
  });

  it('undo of a missing file names the file, not its .prev', async () => {
    const missing = join(dir, 'missing.json');
    const r = await modelroute(['undo', missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`rollout file ${missing} does not exist`);
    expect(r.stderr).not.toContain('.prev');
    expect(existsSync(`${missing}.lock`)).toBe(false);
  });

  it('promoting a shadow model takes it out of the shadows; the other shadows stay', async () => {
    const doc = {
      ...route,
      weights: { 'fraud-v3': 90, 'fraud-v4': 10 },
      shadow: [
        { model: 'fraud-v4', fraction: 0.5 },
        { model: 'fraud-v5', fraction: 0.25 },
      ],
    };
    await writeFile(file, JSON.stringify({ routes: { 'fraud-score': doc } }));
    expect((await modelroute(['promote', file, 'fraud-score', 'fraud-v4'])).code).toBe(0);
    expect((await read()).routes['fraud-score']!.shadow).toEqual([{ model: 'fraud-v5', fraction: 0.25 }]);
    expect((await modelroute(['promote', file, 'fraud-score', 'fraud-v5', '--force'])).code).toBe(0);
    expect((await read()).routes['fraud-score']).not.toHaveProperty('shadow');
  });

  it('validate reports a key that appears twice in one object, with its line and column', async () => {
    await writeFile(
      file,
      [
        '{ "routes": {',
        '  "fraud-score": { "champion": "fraud-v3",',
        '    "weights": { "fraud-v3": 0, "fraud-v4": 100, "fraud-v3": 100 } },',
        '  "fraud-score": { "champion": "a", "weights": { "a": 1 } } } }',
      ].join('\n'),
    );
    const r = await modelroute(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'routes.fraud-score.weights: duplicate key "fraud-v3" at line 3, column 50 (a router keeps only the last one; remove the other)',
    );
    expect(r.stderr).toContain('routes: duplicate key "fraud-score" at line 4, column 3');
  });

  it('every change writes through a symbolic link (a ConfigMap layout): the link stays, its target is replaced', async () => {
    // rollout.json -> ..data/rollout.json, ..data -> ..2026_12_01 (what a Kubernetes ConfigMap volume holds)
    const real = join(dir, '..2026_12_01');
    await mkdir(real);
    await writeFile(join(real, 'rollout.json'), await readFile(file, 'utf8'));
    await rm(file);
    await symlink('..2026_12_01', join(dir, '..data'));
    await symlink('..data/rollout.json', file);
    const commands = [
      ['set', file, 'fraud-score', 'fraud-v4=20'],
      ['rollback', file, 'fraud-score'],
      ['promote', file, 'fraud-score', 'fraud-v4'],
      ['undo', file],
    ];
    for (const args of commands) {
      expect((await modelroute(args)).code, args[0]).toBe(0);
      expect((await lstat(file)).isSymbolicLink(), args[0]).toBe(true);
      expect(await readlink(file)).toBe('..data/rollout.json');
      expect((await lstat(join(dir, '..data'))).isSymbolicLink()).toBe(true);
    }
    // undo brought back the file before promote, in the link's target.
    expect(JSON.parse(await readFile(join(real, 'rollout.json'), 'utf8')).routes['fraud-score'].weights).toEqual({
      'fraud-v3': 100,
      'fraud-v4': 0,
    });
    expect((await audit()).map((l) => l.action)).toEqual(['set', 'rollback', 'promote', 'undo']);
    expect(await verifyHistory(file)).toMatchObject({ ok: true, entries: 4 });
  });

  it('a change removes the temporary files a killed writer left, and keeps a live writer’s', async () => {
    const dead = Number(
      (await import('node:child_process'))
        .spawnSync(process.execPath, ['-e', 'console.log(process.pid)'])
        .stdout.toString(),
    );
    const orphan = join(dir, `.rollout.json.${dead}.0badc0de.tmp`);
    const orphanPrev = join(dir, `.rollout.json.prev.${dead}.0badc0de.tmp`);
    const live = join(dir, `.rollout.json.${process.pid}.1badc0de.tmp`);
    for (const f of [orphan, orphanPrev, live]) await writeFile(f, 'x'.repeat(1 << 20));
    expect((await modelroute(['set', file, 'fraud-score', 'fraud-v4=7'])).code).toBe(0);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(orphanPrev)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
