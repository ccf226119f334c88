import { withFileLock } from './file-lock.js';

/** Takes `file`'s lock and holds it until `release()`, which resolves once the lock is let go. */
export async function holdFileLock(file: string): Promise<{ release: () => Promise<void> }> {
  let unlock = (): void => {};
  let locked = (): void => {};
  const taken = new Promise<void>((resolve) => (locked = resolve));
  const held = withFileLock(file, () => {
    locked();
    return new Promise<void>((resolve) => (unlock = resolve));
  });
  await taken;
  return {
    release: () => {
      unlock();
      return held;
    },
  };
}
