import { AsyncLocalStorage } from 'node:async_hooks';
import { realpath } from 'node:fs/promises';
import { CliError } from '../cli-error.js';
import { readHolder } from './lock-holder.js';

/** A lock this async context holds (`withFileLock`): its path and our key. */
interface HeldLock {
  readonly lock: string;
  readonly key: string;
}

const held = new AsyncLocalStorage<readonly HeldLock[]>();

/** Runs `fn` as a holder of `lock` with `key`, so that {@link assertLockHeld} can check it. */
export function runHolding<T>(lock: string, key: string, fn: () => Promise<T>): Promise<T> {
  return held.run([...(held.getStore() ?? []), { lock, key }], fn);
}

/**
 * Refuses (`CliError`, exit 1) when the lock of `file` that this context took is no longer ours: another
 * process took it over while this one stalled (it looked dead, or, from another host, its lock was over
 * 30 s old). Called right before each write under the lock, so that a stalled change never writes over the
 * next one. Outside `withFileLock` it checks nothing.
 */
export async function assertLockHeld(file: string): Promise<void> {
  const locks = held.getStore();
  if (locks === undefined || locks.length === 0) return;
  const lock = `${await realpath(file).catch(() => file)}.lock`;
  const mine = locks.find((l) => l.lock === lock);
  if (mine === undefined) return;
  if ((await readHolder(lock, Date.now()))?.key !== mine.key)
    throw new CliError(
      1,
      `refused: this change lost ${lock} to another process while it ran (it stalled, or looked dead to the other process); nothing more was written, so the other change stands: check ${file} and its history, then run the change again if it is still wanted`,
    );
}
