import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('../examples/staged-canary/', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const auditOf = async (file: string) =>
  (await readFile(`${file}.audit.log`, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { action: string; actor: string; evidence: { code: string } });

describe('the staged canary demo (examples/staged-canary)', () => {
  it('advances a good candidate to 100% and rolls back a 3% worse one, leaving files and audit logs', async () => {
    const out = await mkdtemp(join(tmpdir(), 'modelroute-staged-demo-'));
    dirs.push(out);
    const text = execFileSync('pnpm', ['start'], {
      cwd: example,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, OUT_DIR: out },
    });
    expect(text).toMatch(/advance .* ranker-v2 5% -> 20%/);
    expect(text).toMatch(/advance .* ranker-v2 20% -> 50%/);
    expect(text).toMatch(/advance .* ranker-v2 50% -> 100%/);
    expect(text).toContain('good candidate: complete after');
    expect(text).toContain('3% worse candidate: rollback after');
    expect(text).toMatch(/rollback +ranker-v3 is significantly worse on revenue/);

    const good = join(out, 'good-candidate', 'rollout.json');
    expect(JSON.parse(await readFile(good, 'utf8')).routes.ranking).toMatchObject({
      champion: 'ranker-v2',
      weights: { 'ranker-v1': 0, 'ranker-v2': 100 },
      rollbackTo: 'ranker-v1',
    });
    expect((await auditOf(good)).map((e) => e.action)).toEqual(['advance', 'advance', 'advance', 'complete']);

    const bad = join(out, 'worse-candidate', 'rollout.json');
    expect(JSON.parse(await readFile(bad, 'utf8')).routes.ranking.weights).toEqual({
      'ranker-v1': 100,
      'ranker-v3': 0,
    });
    const [rollback] = await auditOf(bad);
    expect(rollback).toMatchObject({
      action: 'rollback',
      actor: 'demo-controller',
      evidence: { code: 'metric_worse' },
    });
  });
});
