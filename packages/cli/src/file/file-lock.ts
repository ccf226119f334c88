import { realpath, unlink } from 'node:fs/promises';
import { CliError } from '../cli-error.js';
import { runHolding } from './lock-context.js';
import { isStale, placeHolder, readHolder } from './lock-holder.js';
import { removeOrphans } from './orphan-files.js';
import { logPending } from './publish-change.js';

/** How long a change waits for another one to finish (the default of `waitMs`). */
const WAIT_MS = 10_000;
/**
 * A lock older than this is stale when its holder's pid cannot be checked (another host). A holder on this
 * host whose process is alive (and started before the lock was written) is never stale, however long it runs.
 */
export const STALE_MS = 30_000;
const pause = () => new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 30));

/**
 * Takes `path` from a stale holder `seenKey`, atomically. Only the process that creates the marker
 * `<path>.<seenKey>.takeover` (itself a lock, taken the same way) may change `path` while it holds
 * `seenKey`; under the marker it checks that `path` still holds `seenKey` and renames its own holder
 * record over it. So two waiters that both saw the stale lock cannot both take it, and a waiter that saw
 * it long ago cannot remove a fresh lock. Resolves to the new key, or undefined when someone else won.
 */
async function takeOver(path: string, seenKey: string): Promise<string | undefined> {
  const marker = `${path}.${seenKey}.takeover`;
  const markerKey = await tryLock(marker);
  if (markerKey === undefined) return undefined;
  try {
    const now = await readHolder(path, Date.now());
    return now?.key === seenKey ? await placeHolder(path, 'replace') : undefined;
  } finally {
    // A marker is held for microseconds; nobody takes it over from a live holder.
    await unlink(marker).catch(() => {});
  }
}

/** One attempt at `path`: create it, or take it over from a stale holder. Resolves to our key, or undefined. */
async function tryLock(path: string): Promise<string | undefined> {
  const key = await placeHolder(path, 'create');
  if (key !== undefined) return key;
  const holder = await readHolder(path, Date.now());
  if (holder === undefined) return tryLock(path); // released meanwhile
  return isStale(holder, STALE_MS) ? takeOver(path, holder.key) : undefined;
}

/**
 * Releases `path` if it is still ours (under the same marker a taker would use, so a taker and the
 * holder never both act); false when it was taken over (the holder looked dead or exceeded STALE_MS).
 */
async function release(path: string, key: string): Promise<boolean> {
  const marker = `${path}.${key}.takeover`;
  let markerKey: string | undefined;
  try {
    markerKey = await tryLock(marker);
  } catch {
    // No room for the marker (a full disk): release without it, rather than hold the lock for as long as
    // this process lives (a live holder on this host is never taken over).
    if ((await readHolder(path, Date.now()))?.key !== key) return false;
    await unlink(path);
    return true;
  }
  if (markerKey === undefined) return false;
  try {
    if ((await readHolder(path, Date.now()))?.key !== key) return false;
    await unlink(path);
    return true;
  } finally {
    await unlink(marker).catch(() => {});
  }
}

/**
 * The lock file of a rollout file: beside the file a symbolic link points to, so every link shares it.
 * A missing file is refused here, before any lock is made.
 */
async function lockPath(file: string): Promise<string> {
  try {
    return `${await realpath(file)}.lock`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      1,
      code === 'ENOENT'
        ? `rollout file ${file} does not exist`
        : `cannot read rollout file ${file}: ${(error as Error).message}`,
    );
  }
}

/**
 * Runs `fn` holding `<file>.lock`, so that two changes to one rollout file never interleave. Waits up to
 * 10 s for another holder. A holder that is gone is taken over at once and atomically: a dead process
 * (`kill -9`, a crash) on this host, or, for a holder elsewhere, a lock older than 30 s; a live holder on
 * this host is waited for, however long it stalls. Every write under the lock first checks that the lock
 * is still ours (see `assertLockHeld`), and refuses otherwise. Under the lock,
 * temporary files and takeover markers that dead writers left behind are removed first, and a change
 * that a dead writer published without logging is logged (see `publishAndLog`).
 */
export async function withFileLock<T>(
  file: string,
  fn: () => Promise<T>,
  { waitMs = WAIT_MS }: { waitMs?: number } = {},
): Promise<T> {
  const lock = await lockPath(file);
  const deadline = Date.now() + waitMs;
  let key: string | undefined;
  for (;;) {
    try {
      key = await tryLock(lock);
    } catch (error) {
      throw new CliError(1, `cannot create the lock file ${lock}: ${(error as Error).message}`);
    }
    if (key !== undefined) break;
    if (Date.now() > deadline)
      throw new CliError(
        1,
        `another modelroute change holds ${lock} (a live process); try again, or remove the lock if no change is running`,
      );
    await pause();
  }
  let result: T;
  try {
    const held = key;
    result = await runHolding(lock, held, async () => {
      await removeOrphans(lock.slice(0, -'.lock'.length), held, STALE_MS);
      await logPending(file); // a change killed between publishing and logging is logged before anything else
      return fn();
    });
  } catch (error) {
    // The error says what happened; a lock that cannot be released (a full disk) is taken over from this
    // process once it has exited.
    await release(lock, key).catch(() => {});
    throw error;
  }
  let released: boolean;
  try {
    released = await release(lock, key);
  } catch (error) {
    throw new CliError(
      1,
      `the change was written, but ${lock} could not be released (${(error as Error).message}); the next change takes it over, as this process will have exited`,
    );
  }
  if (!released)
    throw new CliError(
      1,
      `the change was written, but another process took ${lock} over while it ran (this process looked dead to it); check the file and its history`,
    );
  return result;
}
