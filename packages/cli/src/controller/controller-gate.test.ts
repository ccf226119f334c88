// `modelroute controller --analysis SNAPSHOT` (fleet mode): the gate's verdict comes from a serving
// process's snapshot; Prometheus is a stand-in with no figures (the gate needs none from it).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatedRoute, gatedRouter, seeded, trafficDay } from '../gate-traffic.test-support.js';
import { writeAnalysisSnapshot } from '../report/analysis-snapshot.js';
import { modelroute, modelrouteProcess } from '../run-modelroute.test-support.js';

let dir: string;
let snapshot: string;
let server: Server;
let prometheus: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-controller-gate-'));
  server = createServer((_req, res) =>
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } })),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  prometheus = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A serving process's snapshot after 7 seeded days: its gate is ready.
  const file = join(dir, 'serving.json');
  await writeFile(file, JSON.stringify({ routes: { offers: gatedRoute({ mode: 'auto', minDays: 2 }) } }));
  const { router, clock } = await gatedRouter(file);
  const random = seeded(21);
  for (let day = 0; day < 7; day++) await trafficDay(router, clock, random, day);
  snapshot = join(dir, 'snapshot.json');
  expect((await writeAnalysisSnapshot(router, snapshot)).gate?.ready).toBe(true);
  await router.close();
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

const controller = (file: string, analysis = snapshot) =>
  modelroute([
    'controller',
    '--file',
    file,
    '--route',
    'offers',
    '--prometheus',
    prometheus,
    '--analysis',
    analysis,
    '--once',
  ]);

describe('modelroute controller --analysis: the gate promotes in auto mode', () => {
  it('promotes once through the file, with the evidence; the next run sees a stale snapshot and writes nothing', async () => {
    const file = join(dir, 'auto.json');
    await writeFile(file, JSON.stringify({ routes: { offers: gatedRoute({ mode: 'auto', minDays: 2 }) } }));
    const first = await controller(file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^gate: promoted chal over champ \(file written\): beats champ/);
    expect(JSON.parse(await readFile(file, 'utf8')).routes.offers).toMatchObject({
      champion: 'chal',
      rollbackTo: 'champ',
      weights: { champ: 0, chal: 100 },
    });
    const history = JSON.parse((await modelroute(['history', file, '--route', 'offers', '--json'])).stdout);
    expect(history.entries).toEqual([
      expect.objectContaining({
        action: 'promote',
        actor: 'modelroute-controller',
        evidence: {
          approvals: [expect.objectContaining({ evidence: expect.objectContaining({ challenger: 'chal' }) })],
        },
      }),
    ]);
    const second = await controller(file);
    expect(second.stdout).not.toContain('gate:');
    expect(second.stderr).toContain('no gate verdict until the process writes a fresh snapshot');
    expect(
      JSON.parse((await modelroute(['history', file, '--route', 'offers', '--json'])).stdout).entries,
    ).toHaveLength(1);
    expect((await modelroute(['audit', 'verify', file])).code).toBe(0);
  });

  it('manual mode: the same ready snapshot promotes nothing', async () => {
    const file = join(dir, 'manual.json');
    // The same route but manual: another version than the snapshot's, so judge it as the snapshot did.
    const text = JSON.stringify({ routes: { offers: gatedRoute({ mode: 'manual', minDays: 2 }) } });
    await writeFile(file, text);
    const snap = JSON.parse(await readFile(snapshot, 'utf8'));
    const version = JSON.parse((await modelroute(['--json', 'status', file])).stdout).routes[0].version;
    await writeFile(snapshot.replace('.json', '-manual.json'), JSON.stringify({ ...snap, version }));
    const run = await controller(file, snapshot.replace('.json', '-manual.json'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('gate:');
    expect(run.stderr).not.toContain('fresh snapshot');
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('two controller processes on one file when the gate opens: one promotion recorded, the chain verifies', async () => {
    const file = join(dir, 'two.json');
    await writeFile(file, JSON.stringify({ routes: { offers: gatedRoute({ mode: 'auto', minDays: 2 }) } }));
    const args = ['controller', '--file', file, '--route', 'offers', '--prometheus', prometheus];
    const runs = await Promise.all([
      modelrouteProcess([...args, '--analysis', snapshot, '--once']),
      modelrouteProcess([...args, '--analysis', snapshot, '--once']),
    ]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(runs.filter((r) => r.stdout.includes('(file written)'))).toHaveLength(1);
    expect(JSON.parse(await readFile(file, 'utf8')).routes.offers).toMatchObject({ champion: 'chal' });
    const history = JSON.parse((await modelroute(['history', file, '--route', 'offers', '--json'])).stdout);
    expect(history.entries.map((e: { action: string }) => e.action)).toEqual(['promote']);
    expect((await modelroute(['audit', 'verify', file])).code).toBe(0);
  });
});
