import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promoteFile } from '../commands/promote.js';
import { rollbackFile } from '../commands/rollback.js';
import { setWeights } from '../commands/set-weights.js';
import { undoFile } from '../commands/undo.js';
import { changeRoute } from '../file/change-file.js';
import { modelroute } from '../run-modelroute.test-support.js';
import { historyPath } from './history-entry.js';
import { readHistory } from './read-history.js';
import { routeAt } from './route-at.js';
import { verifyHistory } from './verify-history.js';

let dir: string;
let file: string;
const route = { champion: 'v3', weights: { v3: 95, v4: 5 }, shadow: [{ model: 'v5', fraction: 0.5 }] };
const t0 = Date.parse('2026-12-01T10:00:00Z');
let now = t0;
const clock = () => new Date(now);
const lines = async () => (await readFile(historyPath(file), 'utf8')).trimEnd().split('\n');
const writeLines = (ls: string[]) => writeFile(historyPath(file), `${ls.join('\n')}\n`);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-history-'));
  file = join(dir, 'rollout.json');
  now = t0;
  await writeFile(file, JSON.stringify({ routes: { r: route, other: { champion: 'a', weights: { a: 1 } } } }, null, 2));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Five changes, a minute apart: set, set, promote, rollback, undo. */
async function script(): Promise<void> {
  const steps = [
    () => setWeights(file, 'r', { v4: 20 }, { actor: 'alice', now: clock }),
    () => setWeights(file, 'r', { v4: 50, v3: 50 }, { actor: 'bob', now: clock, reason: 'stage 3' }),
    () => promoteFile(file, 'r', 'v4', { actor: 'carol', now: clock, evidence: { pValue: 0.001 } }),
    () => rollbackFile(file, 'r', { to: 'v3', actor: 'guard', now: clock }),
    () => undoFile(file, { actor: 'dave', now: clock }),
  ];
  for (const step of steps) {
    now += 60_000;
    await step();
  }
}

describe('the hash-chained history', () => {
  it('history --at is right at every point of a scripted sequence, and between the points', async () => {
    const states: unknown[] = [];
    const record = async () => states.push(JSON.parse(await readFile(file, 'utf8')).routes.r);
    for (const [i, step] of [
      () => setWeights(file, 'r', { v4: 20 }, { actor: 'alice', now: clock }),
      () => setWeights(file, 'r', { v4: 50, v3: 50 }, { actor: 'bob', now: clock }),
      () => promoteFile(file, 'r', 'v4', { actor: 'carol', now: clock }),
      () => rollbackFile(file, 'r', { to: 'v3', actor: 'guard', now: clock, label: 'rb-1' }),
      () => undoFile(file, { actor: 'dave', now: clock }),
      () => setWeights(file, 'r', { v5: 1 }, { actor: 'erin', now: clock, force: true }),
    ].entries()) {
      now = t0 + (i + 1) * 60_000;
      await step();
      await record();
    }
    const entries = await readHistory(file);
    expect(entries.map((e) => e.action)).toEqual(['set', 'set', 'promote', 'rollback', 'undo', 'set']);
    for (const [i, state] of states.entries()) {
      const s = state as { champion: string; weights: Record<string, number> };
      for (const at of [t0 + (i + 1) * 60_000, t0 + (i + 1) * 60_000 + 59_999]) {
        const r = await routeAt(entries, 'r', at);
        expect(r, `step ${i}`).toMatchObject({ champion: s.champion, weights: s.weights, document: state });
        // The same through the command, as --json.
        const cli = await modelroute(['--json', 'history', file, '--route', 'r', '--at', new Date(at).toISOString()]);
        expect(JSON.parse(cli.stdout)).toMatchObject({
          ok: true,
          route: 'r',
          champion: s.champion,
          weights: s.weights,
          version: r!.version,
        });
      }
    }
    // The version is what routers report: the label while the route had one.
    expect((await routeAt(entries, 'r', t0 + 4 * 60_000))!.version).toBe('rb-1');
    expect((await modelroute(['--json', 'status', file, 'r'])).stdout).toContain(
      `"version":"${(await routeAt(entries, 'r', t0 + 6 * 60_000))!.version}"`,
    );
    // Before the first entry: the history cannot say.
    const before = await modelroute(['history', file, '--route', 'r', '--at', new Date(t0).toISOString()]);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('the history of route "r" starts at 2026-12-01T10:01:00.000Z (entry 1)');
    expect((await modelroute(['history', file, '--route', 'r', '--at', 'yesterday'])).code).toBe(2);
    // Without --at: every entry of the route, for people.
    const list = await modelroute(['history', file, '--route', 'r']);
    expect(list.stdout.split('\n')[0]).toBe('#1  2026-12-01T10:01:00.000Z  alice  set  r: weights v4 5 -> 20');
  });

  it('a change records a diff, not the whole route, after the first entry', async () => {
    await script();
    const [first, ...rest] = await readHistory(file);
    expect(first!.changes.r).toHaveProperty('base', route);
    for (const e of rest) expect(e.changes.r).not.toHaveProperty('base');
    expect(rest[1]).toMatchObject({ action: 'promote', actor: 'carol', evidence: { pValue: 0.001 } });
  });

  it('audit verify: exit 0 for the history as written; exit 1 naming the first bad line when one is edited, deleted, inserted or swapped', async () => {
    await script();
    const good = await lines();
    expect(good).toHaveLength(5);
    expect(await modelroute(['audit', 'verify', file])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('5 entries, chain intact'),
    });
    const verdict = async (ls: string[]) => {
      await writeLines(ls);
      const r = await modelroute(['audit', 'verify', file]);
      expect(r.code).toBe(1);
      return r.stderr;
    };
    const edited = good.map((l, i) => (i === 1 ? l.replace('"actor":"bob"', '"actor":"mallory"') : l));
    expect(await verdict(edited)).toContain('entry at line 3 is bad: its prev hash is not the hash of line 2');
    const weights = good.map((l, i) => (i === 1 ? l.replace('"after":50', '"after":51') : l));
    expect(await verdict(weights)).toContain('entry at line 3 is bad');
    expect(await verdict(good.filter((_, i) => i !== 2))).toContain('entry at line 3 is bad');
    expect(await verdict(good.slice(1))).toContain('entry at line 1 is bad: the first line does not start the chain');
    expect(await verdict([...good.slice(0, 2), good[0]!, ...good.slice(2)])).toContain('entry at line 3 is bad');
    expect(await verdict([good[0]!, good[2]!, good[1]!, ...good.slice(3)])).toContain('entry at line 2 is bad');
    // The last line removed or edited: nothing follows it, but the file no longer matches the history.
    expect(await verdict(good.slice(0, -1))).toContain('entry at line 4 is bad: route r in');
    // The last line's words edited (the route unchanged): caught against a head kept elsewhere.
    await writeLines(good);
    const { head } = await verifyHistory(file);
    const last = good.map((l, i) => (i === 4 ? l.replace('"actor":"dave"', '"actor":"eve"') : l));
    await writeLines(last);
    expect((await modelroute(['audit', 'verify', file, '--head', head])).stderr).toContain(
      `entry at line 5 is bad: no line hashes to the recorded head ${head}`,
    );
    expect(await verdict([...good.slice(0, 4), '{ torn'])).toContain('entry at line 5 is bad: not JSON');
    await writeLines(good);
    expect((await verifyHistory(file, { head })).ok).toBe(true);
  });

  it('a change made outside modelroute is recorded as "external" before the next change, so the chain stays true', async () => {
    await setWeights(file, 'r', { v4: 20 }, { now: clock });
    const doc = JSON.parse(await readFile(file, 'utf8'));
    doc.routes.r.weights.v4 = 33; // a hand edit
    await writeFile(file, JSON.stringify(doc));
    expect((await verifyHistory(file)).ok).toBe(false);
    await setWeights(file, 'r', { v3: 90 }, { now: clock });
    const entries = await readHistory(file);
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['set', expect.any(String)],
      ['external', 'unknown'],
      ['set', expect.any(String)],
    ]);
    expect(entries[1]!.changes.r!.diff).toEqual([{ path: ['weights', 'v4'], before: 20, after: 33 }]);
    expect(await verifyHistory(file)).toMatchObject({ ok: true, entries: 3 });
  });

  it('reads the audit lines written before the chain, which may only come first', async () => {
    const old = {
      at: '2026-11-30T09:00:00.000Z',
      actor: 'ops',
      command: 'rollback',
      file,
      routes: ['r'],
      summary: 'r: weights v3 90 -> 95, v4 10 -> 5',
      before: { ...route, weights: { v3: 90, v4: 10 } },
      after: route,
    };
    await writeFile(historyPath(file), `${JSON.stringify(old)}\n`);
    await setWeights(file, 'r', { v4: 20 }, { now: clock });
    const entries = await readHistory(file);
    expect(entries.map((e) => [e.v, e.action])).toEqual([
      [1, 'rollback'],
      [2, 'set'],
    ]);
    expect(await routeAt(entries, 'r', '2026-11-30T12:00:00Z')).toMatchObject({ weights: { v3: 95, v4: 5 } });
    expect(await verifyHistory(file)).toMatchObject({ ok: true, entries: 2 });
    await writeLines([...(await lines()), JSON.stringify(old)]);
    expect((await verifyHistory(file)).problem).toEqual({
      line: 3,
      message: 'an old-format line after the chain began: inserted',
    });
  });

  it('10 concurrent writers (the library, as a controller, a webhook and the CLI use it) leave a valid chain with every change', async () => {
    const doc = { champion: 'm0', weights: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`m${i}`, 1])) };
    await writeFile(file, JSON.stringify({ routes: { r: doc } }));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        changeRoute(
          file,
          'r',
          i % 2 ? 'controller' : 'webhook',
          (d) => ({ ...d, weights: { ...d.weights, [`m${i}`]: 10 + i } }),
          () => `m${i} -> ${10 + i}`,
          { actor: `writer-${i}`, evidence: { i } },
        ),
      ),
    );
    const entries = await readHistory(file);
    expect(entries.map((e) => e.actor).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `writer-${i}`).sort());
    expect(await verifyHistory(file)).toMatchObject({ ok: true, entries: 10 });
    expect((await routeAt(entries, 'r', Date.now() + 1000))!.weights).toEqual(
      Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`m${i}`, 10 + i])),
    );
  });
});
