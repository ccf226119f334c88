import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bin, modelroute } from '../run-modelroute.test-support.js';

// Owners and modes of the files a change writes, on real files: a rollout file owned by the service
// (uid 65534 here) that root changes (`sudo modelroute rollback`), and a writer that cannot keep the owner.
// Changing owners takes root: CI runs the tests as root.
const root = process.getuid?.() === 0;
const inCi = process.env.CI === 'true';
if (!root && !inCi) console.warn('atomic-write.test: SKIPPED: changing file owners needs root (CI runs as root)');
const SERVICE = 65534;

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-owner-'));
  await chmod(dir, 0o777);
  file = join(dir, 'rollout.json');
  await writeFile(file, JSON.stringify({ routes: { r: { champion: 'a', weights: { a: 90, b: 10 } } } }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const owner = async (path: string) => {
  const s = await stat(path);
  return { uid: s.uid, gid: s.gid, mode: (s.mode & 0o777).toString(8) };
};

describe.skipIf(!root && !inCi)('the owner and mode of a changed rollout file (adversarial review)', () => {
  it("root changing a file a service owns (0600) leaves it and its .prev the service's, 0600", async () => {
    if (!root) throw new Error('CI=true, so this is a failure, not a skip: run the tests as root');
    await chown(file, SERVICE, SERVICE);
    await chmod(file, 0o600);
    expect((await modelroute(['rollback', file, 'r'])).code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8')).routes.r.weights).toEqual({ a: 100, b: 0 });
    expect(await owner(file)).toEqual({ uid: SERVICE, gid: SERVICE, mode: '600' });
    expect(await owner(`${file}.prev`)).toEqual({ uid: SERVICE, gid: SERVICE, mode: '600' });
    expect((await modelroute(['undo', file])).code).toBe(0);
    expect(await owner(file)).toEqual({ uid: SERVICE, gid: SERVICE, mode: '600' });
    expect(await owner(`${file}.prev`)).toEqual({ uid: SERVICE, gid: SERVICE, mode: '600' });
  });

  it('a writer that cannot keep the owner is refused with a clear error, and nothing is written', async () => {
    if (!root) throw new Error('CI=true, so this is a failure, not a skip: run the tests as root');
    expect(existsSync(bin), `${bin} is missing: run \`pnpm build\``).toBe(true);
    // The service's file, and a writer that may not give files away: root without CAP_CHOWN (a process that
    // keeps the checkout readable, wherever it is, unlike another user).
    await chown(file, SERVICE, SERVICE);
    await chmod(file, 0o644);
    const before = await readFile(file, 'utf8');
    const run = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        'setpriv',
        ['--bounding-set=-chown', process.execPath, bin, 'rollback', file, 'r'],
        (error, _out, stderr) => resolve({ code: error ? Number((error as { code?: unknown }).code) : 0, stderr }),
      ),
    );
    expect(run.stderr).toContain(
      `cannot write ${file}.prev.next with its owner ${SERVICE}:${SERVICE} (this process is 0:0`,
    );
    expect(run.stderr).toContain("run the command as the file's owner or as root");
    expect(run.code).toBe(1);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await owner(file)).toEqual({ uid: SERVICE, gid: SERVICE, mode: '644' });
    expect(existsSync(`${file}.prev`)).toBe(false);
  });
});
