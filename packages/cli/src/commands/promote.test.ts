import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readHistory } from '../history/read-history.js';
import { verifyHistory } from '../history/verify-history.js';
import { modelroute } from '../run-modelroute.test-support.js';

let dir: string;
let file: string;
const route = (gate?: unknown) => ({
  champion: 'champ',
  weights: { champ: 90, x: 5, y: 5 },
  ...(gate === undefined ? {} : { gate }),
});
const read = async () => JSON.parse(await readFile(file, 'utf8')).routes.r;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-promote-'));
  file = join(dir, 'rollout.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('modelroute promote (champion-challenger)', () => {
  it('the challenger takes the champion weight, the other challengers keep theirs, the old champion becomes rollbackTo', async () => {
    await writeFile(file, JSON.stringify({ routes: { r: route() } }));
    const r = await modelroute([
      'promote',
      file,
      'r',
      'x',
      '--approve',
      '--actor',
      'alice',
      '--evidence',
      '{"pValue":0.002}',
    ]);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('promoted: r:') });
    expect(await read()).toEqual({ champion: 'x', weights: { champ: 0, x: 95, y: 5 }, rollbackTo: 'champ' });
    expect((await readHistory(file))[0]).toMatchObject({
      action: 'promote',
      actor: 'alice',
      evidence: { approvals: [{ actor: 'alice', evidence: { pValue: 0.002 } }] },
    });
  });

  it('--expect-champion: two operators promoting at once cannot demote each other; the second is refused with who is champion now', async () => {
    await writeFile(file, JSON.stringify({ routes: { r: route() } }));
    const first = await modelroute(['promote', file, 'r', 'x', '--expect-champion', 'champ', '--actor', 'alice']);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringContaining('promoted: r:') });
    const after = await readFile(file, 'utf8');
    // bob looked before alice's promotion: he still thinks champ is the champion
    const second = await modelroute(['promote', file, 'r', 'y', '--expect-champion', 'champ', '--actor', 'bob']);
    expect(second).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('refused: route "r" has champion "x", not "champ"'),
    });
    expect(await readFile(file, 'utf8')).toBe(after);
    expect((await readHistory(file)).map((e) => e.actor)).toEqual(['alice']);
    // what he meant, said again against the champion in force: it goes through
    expect(await modelroute(['promote', file, 'r', 'y', '--expect-champion', 'x', '--actor', 'bob'])).toMatchObject({
      code: 0,
    });
    expect((await read()).champion).toBe('y');
  });

  it('gate.approvals: 2 needs two different approvers; the same one twice is refused; the promotion records both', async () => {
    await writeFile(file, JSON.stringify({ routes: { r: route({ mode: 'manual', approvals: 2 }) } }));
    const before = await readFile(file, 'utf8');
    expect(await modelroute(['promote', file, 'r', 'x', '--actor', 'alice'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('has a gate that needs 2 approvals'),
    });
    const first = await modelroute(['promote', file, 'r', 'x', '--approve', '--actor', 'alice', '--reason', 'KPI +3%']);
    expect(first).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('approved: r: approval 1 of 2 to promote x (by alice)'),
    });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await modelroute(['promote', file, 'r', 'x', '--approve', '--actor', 'alice'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('alice has already approved promoting x'),
    });
    const second = await modelroute([
      '--json',
      'promote',
      file,
      'r',
      'x',
      '--approve',
      '--actor',
      'bob',
      '--evidence',
      '{"analysis":"a-17"}',
    ]);
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, changed: true, approvals: 2, required: 2 });
    expect(await read()).toMatchObject({ champion: 'x', rollbackTo: 'champ', weights: { champ: 0, x: 95, y: 5 } });
    const history = await readHistory(file);
    expect(history.map((e) => [e.action, e.actor])).toEqual([
      ['approve', 'alice'],
      ['promote', 'bob'],
    ]);
    expect(history[1]!.evidence).toEqual({
      approvals: [
        { actor: 'alice', at: history[0]!.at, reason: 'KPI +3%' },
        { actor: 'bob', at: history[1]!.at, evidence: { analysis: 'a-17' } },
      ],
    });
    expect((await verifyHistory(file)).ok).toBe(true);
  });

  it('approvals count only since the route last changed, and only for the same challenger', async () => {
    await writeFile(file, JSON.stringify({ routes: { r: route({ approvals: 2 }) } }));
    expect((await modelroute(['promote', file, 'r', 'x', '--approve', '--actor', 'alice'])).code).toBe(0);
    expect((await modelroute(['promote', file, 'r', 'y', '--approve', '--actor', 'bob'])).stdout).toContain(
      'approval 1 of 2 to promote y',
    );
    expect((await modelroute(['set', file, 'r', 'x=6'])).code).toBe(0);
    expect((await modelroute(['promote', file, 'r', 'x', '--approve', '--actor', 'bob'])).stdout).toContain(
      'approval 1 of 2 to promote x',
    );
    expect((await read()).champion).toBe('champ');
  });
});
