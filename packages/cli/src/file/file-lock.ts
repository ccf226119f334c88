import { open, stat, unlink } from 'node:fs/promises';
import { CliError } from '../cli-error.js';

const STALE_MS = 30_000;
const WAIT_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` holding `<file>.lock` (created exclusively), so that two changes to one rollout file never
 * interleave. Waits up to 10 s for another holder; a lock older than 30 s is taken as stale and removed.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new CliError(1, `cannot create the lock file ${lock}: ${(error as Error).message}`);
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_MS) {
        await unlink(lock).catch(() => {});
        continue;
      }
      if (Date.now() > deadline)
        throw new CliError(
          1,
          `another modelroute change holds ${lock}; try again, or remove the lock if no change is running`,
        );
      await sleep(25);
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lock).catch(() => {});
  }
}
