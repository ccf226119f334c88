import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { changeRoute } from './change-file.js';
import { withFileLock } from './file-lock.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-lock-'));
  file = join(dir, 'rollout.json');
  await writeFile(file, '{}');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited: what a `kill -9` leaves in a lock file. */
const deadPid = Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim());

/** Runs `n` holders at once; each checks that nobody else is inside while it is. */
async function contend(n: number): Promise<{ inside: number; maxInside: number; entered: number }> {
  const state = { inside: 0, maxInside: 0, entered: 0 };
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      // Staggered starts: waiters that meet the stale lock at different moments, as separate commands do.
      for (let k = 0; k < i * 4; k++) await new Promise((resolve) => setImmediate(resolve));
      await withFileLock(file, async () => {
        state.inside++;
        state.entered++;
        state.maxInside = Math.max(state.maxInside, state.inside);
        await readFile(file); // a little I/O, as a change does
        state.inside--;
      });
    }),
  );
  return state;
}

describe('withFileLock', () => {
  it('takes a stale lock over atomically: one waiter of 10 gets it, 20 rounds', async () => {
    for (let round = 0; round < 20; round++) {
      // Even rounds: a dead holder's fresh lock (only the dead pid makes it stale), in the older CLI's
      // format ("<pid>"). Odd rounds: a 60 s old lock of a live process on another host.
      if (round % 2 === 0) await writeFile(`${file}.lock`, `${deadPid}\n`);
      else {
        await writeFile(`${file}.lock`, JSON.stringify({ pid: process.pid, host: 'elsewhere', token: `t${round}` }));
        const old = new Date(Date.now() - 60_000);
        await utimes(`${file}.lock`, old, old);
      }
      const state = await contend(10);
      expect(state).toEqual({ inside: 0, maxInside: 1, entered: 10 });
      expect(existsSync(`${file}.lock`)).toBe(false);
      expect((await readdir(dir)).sort()).toEqual(['rollout.json']);
    }
  });

  it('waits for a live holder, and refuses after the wait with the lock named', async () => {
    await writeFile(`${file}.lock`, JSON.stringify({ pid: process.pid, host: `not-${hostname()}`, token: 'y' }));
    await expect(withFileLock(file, async () => 'ran', { waitMs: 0 })).rejects.toThrow(
      `another modelroute change holds ${file}.lock`,
    );
    expect(existsSync(`${file}.lock`)).toBe(true);
  });
});

describe('a live holder that stalls (adversarial review)', () => {
  const age = (path: string) => {
    const old = new Date(Date.now() - 60_000);
    return utimes(path, old, old);
  };

  it('a holder on this host whose process is alive keeps its lock, however old', async () => {
    const inner = await withFileLock(file, async () => {
      // This process has held it for a minute (stopped, a hung disk): the clock moves on, the lock stays.
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
      try {
        vi.setSystemTime(Date.now() + 60_000);
        return await withFileLock(file, async () => 'took it over', { waitMs: 0 }).catch((e: Error) => e.message);
      } finally {
        vi.useRealTimers();
      }
    });
    expect(inner).toContain(`another modelroute change holds ${file}.lock`);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("a holder's pid that a later process reuses does not keep the lock for ever", async () => {
    const host = await withFileLock(file, async () => JSON.parse(await readFile(`${file}.lock`, 'utf8')).host);
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await writeFile(`${file}.lock`, JSON.stringify({ pid: child.pid, host, token: 'reused' }));
      // Written after the process started: that process holds it, alive, so it is waited for.
      await expect(withFileLock(file, async () => 'ran', { waitMs: 0 })).rejects.toThrow('another modelroute change');
      // Written a minute before the process started: the pid is another's now.
      await age(`${file}.lock`);
      expect(await withFileLock(file, async () => 'ran')).toBe('ran');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a change that lost its lock while it ran writes nothing: not the file, .prev or .pending', async () => {
    const text = JSON.stringify({ routes: { r: { champion: 'a', weights: { a: 90, b: 10 } } } });
    await writeFile(file, text);
    const change = changeRoute(
      file,
      'r',
      'set',
      (doc) => {
        // Another process takes the lock over while this change computes its edit.
        writeFileSync(`${file}.lock`, JSON.stringify({ pid: 1, host: 'elsewhere', token: 'taker' }));
        return { ...doc, weights: { a: 50, b: 50 } };
      },
      () => 'a 50, b 50',
    );
    await expect(change).rejects.toThrow(`refused: this change lost ${file}.lock to another process while it ran`);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect((await readdir(dir)).sort()).toEqual(['rollout.json', 'rollout.json.lock']);
  });
});
