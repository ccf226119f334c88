import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyPath } from '../history/history-entry.js';
import { verifyHistory } from '../history/verify-history.js';
import { modelroute } from '../run-modelroute.test-support.js';

// A change's leftover `<file>.pending` (published, never logged) beside a rollout file that a hand edit
// then broke, on real files through the commands (adversarial review).
let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-pending-'));
  file = join(dir, 'rollout.json');
  await writeFile(file, JSON.stringify({ routes: { r: { champion: 'a', weights: { a: 100, b: 0 } } } }));
  expect((await modelroute(['set', file, 'r', 'b=5'])).code).toBe(0);
  // The next change publishes, and its history entry cannot be written: its record stays in .pending.
  const log = await readFile(historyPath(file), 'utf8');
  await rm(historyPath(file));
  await mkdir(historyPath(file));
  expect((await modelroute(['set', file, 'r', 'b=50'])).code).toBe(1);
  await rm(historyPath(file), { recursive: true });
  await writeFile(historyPath(file), log);
  expect(existsSync(`${file}.pending`)).toBe(true);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const broken = '{ "routes": { "r": { "champion": "a", "weights": { "a": 100, "b": 50 } } ';

describe('a leftover .pending and a broken rollout file (adversarial review)', () => {
  it('undo still restores the previous version, and the history stays whole', async () => {
    await writeFile(file, broken);
    const r = await modelroute(['undo', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8')).routes.r.weights).toEqual({ a: 100, b: 5 });
    expect(existsSync(`${file}.pending`)).toBe(false);
    expect(await verifyHistory(file)).toMatchObject({ ok: true });
  });

  it('rollback refuses the broken file by name and says what to do, not "unexpected failure"', async () => {
    await writeFile(file, broken);
    const r = await modelroute(['rollback', file, 'r']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file} is not a valid rollout document; fix it (or \`modelroute undo\`) first`);
    expect(r.stderr).not.toContain('unexpected failure');
  });

  it('a .pending that is not JSON is named, with what to do', async () => {
    await writeFile(`${file}.pending`, '{ torn');
    const r = await modelroute(['rollback', file, 'r']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot read ${file}.pending (the history record of a change whose writer was killed)`);
    expect(r.stderr).toContain('remove it to go on');
  });
});
