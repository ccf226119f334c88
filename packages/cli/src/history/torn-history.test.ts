import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelroute } from '../run-modelroute.test-support.js';
import { historyPath } from './history-entry.js';
import { readHistory } from './read-history.js';
import { verifyHistory } from './verify-history.js';

// A history whose last line was cut short (a crash or a full disk during the append), on real files
// through the commands (adversarial review).
let dir: string;
let file: string;
let log: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-torn-'));
  file = join(dir, 'rollout.json');
  log = historyPath(file);
  await writeFile(file, JSON.stringify({ routes: { r: { champion: 'v3', weights: { v3: 95, v4: 5 } } } }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const set = async (weights: string, reason: string) => {
  const r = await modelroute(['set', file, 'r', ...weights.split(' '), '--reason', reason]);
  expect(r.code, r.stderr).toBe(0);
};
const weights = async () => JSON.parse(await readFile(file, 'utf8')).routes.r.weights;

describe('a torn last line in the history (adversarial review)', () => {
  it('the next change cuts it off and logs itself on a line of its own; history and audit verify accept the log', async () => {
    await set('v3=80 v4=20', 'one');
    await set('v3=50 v4=50', 'two');
    const text = await readFile(log, 'utf8');
    await writeFile(log, text.slice(0, -40)); // entry 2 torn, its newline gone
    expect((await verifyHistory(file)).ok).toBe(false);
    await set('v3=90 v4=10', 'three');
    expect(await verifyHistory(file)).toMatchObject({ ok: true });
    const entries = await readHistory(file);
    // Entry 2 was never logged whole: the change it recorded shows up as an external change instead.
    expect(entries.map((e) => [e.action, e.reason])).toEqual([
      ['set', 'one'],
      ['external', undefined],
      ['set', 'three'],
    ]);
    expect((await modelroute(['history', file, '--route', 'r'])).code).toBe(0);
    expect((await modelroute(['audit', 'verify', file])).code).toBe(0);
  });

  it('a whole last entry that only lacks its newline is kept', async () => {
    await set('v3=80 v4=20', 'one');
    await writeFile(log, (await readFile(log, 'utf8')).trimEnd());
    await set('v3=50 v4=50', 'two');
    expect(await verifyHistory(file)).toMatchObject({ ok: true });
    expect((await readHistory(file)).map((e) => e.reason)).toEqual(['one', 'two']);
  });

  it('a history that cannot be written after the file was published says so; the next change logs it, after a torn line', async () => {
    await set('v3=80 v4=20', 'one');
    const logged = await readFile(log, 'utf8');
    await rm(log);
    await mkdir(log); // appending to it fails (EISDIR)
    const r = await modelroute(['set', file, 'r', 'v3=50', 'v4=50', '--reason', 'two']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file} was published (routers now serve it); its history entry could not be written:`);
    expect(r.stderr).toContain('the next change logs it');
    expect(r.stderr).not.toContain('unexpected failure');
    expect(await weights()).toEqual({ v3: 50, v4: 50 });
    expect(existsSync(`${file}.pending`)).toBe(true);
    // The log is back, with the start of an append that was cut short (a full disk).
    await rm(log, { recursive: true });
    await writeFile(log, `${logged}{"v":2,"seq":2,"at":"2026-`);
    await set('v3=90 v4=10', 'three');
    expect(await verifyHistory(file)).toMatchObject({ ok: true });
    expect((await readHistory(file)).map((e) => [e.action, e.reason])).toEqual([
      ['set', 'one'],
      ['set', 'two'],
      ['set', 'three'],
    ]);
    expect(existsSync(`${file}.pending`)).toBe(false);
  });
});
