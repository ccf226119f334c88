// `modelroute status --analysis`: the gate's readiness with its evidence, from a snapshot a real router wrote.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Router } from '@modelroute/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatedRoute, gatedRouter, seeded, trafficDay } from '../gate-traffic.test-support.js';
import { writeAnalysisSnapshot } from '../report/analysis-snapshot.js';
import { modelroute } from '../run-modelroute.test-support.js';

let dir: string;
let file: string;
let notReady: string;
let ready: string;
let router: Router<number, number>;

// One router, 6 seeded days: a snapshot after day 1 (not ready: minDays 3) and one after day 6 (ready).
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-status-gate-'));
  file = join(dir, 'rollout.json');
  notReady = join(dir, 'day1.json');
  ready = join(dir, 'day6.json');
  await writeFile(file, JSON.stringify({ routes: { offers: gatedRoute({ minDays: 3, approvals: 2 }) } }, null, 2));
  const gated = await gatedRouter(file);
  router = gated.router;
  const { clock } = gated;
  const random = seeded(11);
  for (let day = 0; day < 6; day++) {
    await trafficDay(router, clock, random, day);
    if (day === 0) await writeAnalysisSnapshot(router, notReady);
  }
  await writeAnalysisSnapshot(router, ready);
});
afterAll(async () => {
  await router.close();
  await rm(dir, { recursive: true, force: true });
});

const status = async (...args: string[]) => modelroute(['status', file, ...args]);
const json = async (...args: string[]) => JSON.parse((await status('--json', ...args)).stdout).routes[0].gate;

describe('modelroute status: the promotion gate', () => {
  it('ready: every condition with its figures, approvals so far, and what to run next', async () => {
    const { code, stdout } = await status('--analysis', ready);
    expect(code).toBe(0);
    expect(stdout).toContain('gate: manual, minDays 3, 2 approval(s)');
    expect(stdout).toMatch(/READY \(snapshot .*day6\.json at .*\): beats champ on "converted"/);
    expect(stdout).toMatch(/\[x\] "converted" always-valid p [\d.e-]+, alpha 0\.05/);
    expect(stdout).toMatch(/\[x\] lift [\d.]+%, MDE 10%/);
    expect(stdout).toMatch(/\[x\] [\d.]+ day\(s\) of concurrent traffic, minDays 3/);
    expect(stdout).not.toContain('[ ]');
    expect(stdout).toContain('approvals: 0 of 2');
    expect(stdout).toContain(`next: modelroute promote ${file} offers chal --approve`);

    const gate = await json('--analysis', ready);
    expect(gate).toMatchObject({
      mode: 'manual',
      readiness: 'ready',
      challenger: 'chal',
      approvalsRequired: 2,
      snapshot: { path: ready, current: true },
      evidence: { challenger: 'chal', champion: 'champ', metric: 'converted', minDays: 3 },
    });
    expect(gate.conditions.map((c: { condition: string }) => c.condition)).toEqual([
      'concurrent_traffic',
      'min_days',
      'p_value',
      'lift',
      'checkpoints',
    ]);
    expect(gate.conditions.every((c: { holds: boolean }) => c.holds)).toBe(true);
    expect(gate.evidence.alwaysValidPValue).toBeLessThan(0.05);

    // One approval recorded: status counts it (the route is unchanged until the second).
    expect((await modelroute(['promote', file, 'offers', 'chal', '--approve', '--actor', 'alice'])).code).toBe(0);
    expect((await status('--analysis', ready)).stdout).toMatch(/approvals: 1 of 2 \(alice at /);
    expect((await json('--analysis', ready)).approvals).toEqual([expect.objectContaining({ actor: 'alice' })]);
  });

  it('not ready: the conditions that fail are marked, with the reason', async () => {
    const { stdout } = await status('--analysis', notReady);
    expect(stdout).toMatch(/not ready \(snapshot .*\): chal: /);
    expect(stdout).toMatch(/\[ \] [\d.]+ day\(s\) of concurrent traffic, minDays 3/);
    const gate = await json('--analysis', notReady);
    expect(gate.readiness).toBe('not_ready');
    expect(gate.conditions.find((c: { condition: string }) => c.condition === 'min_days').holds).toBe(false);
  });

  it('without --analysis it says how to get readiness; an old snapshot has no gate data; a stale one is flagged', async () => {
    expect((await status()).stdout).toContain('pass --analysis SNAPSHOT, written by the serving process');
    expect(await json()).toMatchObject({ readiness: 'no_snapshot', mode: 'manual', conditions: [] });

    const old = join(dir, 'old.json');
    const { gate: _dropped, ...before } = JSON.parse(await readFile(ready, 'utf8'));
    await writeFile(old, JSON.stringify(before));
    expect((await status('--analysis', old)).stdout).toContain('readiness: no gate data');
    expect(await json('--analysis', old)).toMatchObject({ readiness: 'no_gate_data' });

    const text = await readFile(file, 'utf8');
    expect((await modelroute(['set', file, 'offers', 'chal=20'])).code).toBe(0);
    expect((await status('--analysis', ready)).stdout).toContain("not the file's: it may be out of date");
    expect(await json('--analysis', ready)).toMatchObject({ snapshot: { current: false } });
    await writeFile(file, text);
  });

  it('refuses a snapshot of a route the file does not have, and two snapshots of one route', async () => {
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ ...JSON.parse(await readFile(ready, 'utf8')), route: 'nope' }));
    expect(await status('--analysis', other)).toMatchObject({ code: 1, stderr: expect.stringContaining('"nope"') });
    expect(await status('--analysis', ready, '--analysis', notReady)).toMatchObject({ code: 2 });
  });

  it('refuses a snapshot whose gate data is damaged, saying what to do (no internal failure)', async () => {
    const good = JSON.parse(await readFile(ready, 'utf8'));
    const { checkpoints: _, ...noCheckpoints } = good.gate.evidence;
    const damaged = join(dir, 'damaged.json');
    for (const gate of [
      {},
      'garbage',
      [1],
      { ready: true },
      { ...good.gate, candidates: undefined },
      { ...good.gate, evidence: { challenger: 'chal' } },
      { ...good.gate, evidence: noCheckpoints },
      { ...good.gate, candidates: [{ ready: false }] },
    ]) {
      await writeFile(damaged, JSON.stringify({ ...good, gate }));
      const { code, stderr } = await status('--analysis', damaged);
      expect(stderr).not.toContain('unexpected failure');
      expect(stderr).toContain(`${damaged} has damaged gate data`);
      expect(code).toBe(1);
    }
  });
});
