import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelroute } from '../run-modelroute.test-support.js';
import { historyPath } from './history-entry.js';
import { verifyHistory } from './verify-history.js';

// A disk that fills up while a change appends its history entry (adversarial review), on a real 256 KiB
// tmpfs: needs root (CI runs as root; history/torn-history.test.ts covers the same repair without a disk).
// As root, a tmpfs that cannot be mounted fails the test: it never passes having checked nothing.
let mnt = '';
let mounted = false;

describe.skipIf(process.getuid?.() !== 0)('a full disk during the history append (adversarial review)', () => {
  beforeAll(async () => {
    mnt = await mkdtemp(join(tmpdir(), 'modelroute-enospc-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt], { stdio: 'ignore' });
    mounted = true;
  });
  afterAll(async () => {
    if (mounted) execFileSync('umount', [mnt]);
    await rmdir(mnt);
  });

  it('says the change was published and its entry not written; after space is freed the log is whole', async () => {
    const file = join(mnt, 'rollout.json');
    const reason = 'r'.repeat(60_000);
    // Fill the disk to where the change's .pending and file fit but its history entry does not.
    for (let kib = 120; kib <= 200; kib += 4) {
      for (const name of await readdir(mnt)) await rm(join(mnt, name), { force: true });
      await writeFile(file, JSON.stringify({ routes: { r: { champion: 'a', weights: { a: 100, b: 0 } } } }));
      expect((await modelroute(['set', file, 'r', 'b=1'])).code).toBe(0);
      await writeFile(join(mnt, 'filler'), Buffer.alloc(kib * 1024)).catch(() => {});
      const r = await modelroute(['set', file, 'r', 'b=2', '--reason', reason]);
      const log = await readFile(historyPath(file));
      if (r.code === 0 || log.at(-1) === 0x0a) continue;
      expect(r.stderr).toContain(
        `${file} was published (routers now serve it); its history entry could not be written`,
      );
      expect(r.stderr).not.toContain('unexpected failure');
      await rm(join(mnt, 'filler'));
      expect((await modelroute(['set', file, 'r', 'b=3'])).code).toBe(0);
      expect(await verifyHistory(file)).toMatchObject({ ok: true });
      const reasons = (await readFile(historyPath(file), 'utf8'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).reason);
      expect(reasons).toEqual([undefined, reason, undefined]);
      return;
    }
    throw new Error('no filler size left the history with a torn line');
  });
});
