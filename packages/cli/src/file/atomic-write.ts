import type { Stats } from 'node:fs';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { CliError } from '../cli-error.js';
import { tempPath } from './lock-holder.js';

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * A file whose permissions and owner the written file takes, e.g. the rollout file for its `.prev` copy.
   * Default: `file` itself, so a replaced file keeps its own; a new file with nothing to copy gets 0644 and
   * the writer's owner.
   */
  like?: string;
}

/**
 * Replaces `file` with `text` atomically: writes a temp file in the same directory, flushes it to disk,
 * then renames it over `file`. A reader (a router's fileSource) sees the old content or the new, never
 * a torn mix. The file keeps its permissions and its owner (user and group): `sudo modelroute rollback`
 * on a file a service owns leaves it the service's. When the owner cannot be kept (a writer who is neither
 * root nor the owner), nothing is written and a `CliError` says so. A symbolic link (a Kubernetes ConfigMap
 * layout, a deploy tool's `current` link) stays a link: the file it points to is replaced. A temp file left
 * by a killed writer is removed by the next change (see `withFileLock`).
 */
export function writeFileAtomic(file: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  return replaceFile(file, text, { like: options.like });
}

/**
 * {@link writeFileAtomic}, with `beforeRename` run last, once the new content is on disk: a writer under
 * the file's lock checks there that the lock is still its own (`assertLockHeld`); a throw writes nothing.
 */
export async function replaceFile(
  file: string,
  text: string,
  options: AtomicWriteOptions & { beforeRename?: () => Promise<void> },
): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const model = await stat(options.like ?? target).catch(() => undefined);
  const mode = model === undefined ? 0o644 : model.mode & 0o777;
  const temp = tempPath(target);
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      if (model !== undefined) await keepOwner(handle, model, target);
      await handle.chmod(mode); // open's mode went through the umask
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeRename?.();
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}

/** Gives the temp file the owner of `model`, or refuses: a file that changed owners may be unreadable to its readers. */
async function keepOwner(handle: Awaited<ReturnType<typeof open>>, model: Stats, target: string): Promise<void> {
  const mine = await handle.stat();
  if (mine.uid === model.uid && mine.gid === model.gid) return;
  try {
    await handle.chown(model.uid, model.gid);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EINVAL') throw error;
    throw new CliError(
      1,
      `cannot write ${target} with its owner ${model.uid}:${model.gid} (this process is ${mine.uid}:${mine.gid}; chown: ${code}), and a file that changed owners may be unreadable to the routers that read it; nothing was written: run the command as the file's owner or as root`,
    );
  }
}
