import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { tempPath } from './lock-holder.js';

/**
 * Replaces `file` with `text` atomically: writes a temp file in the same directory, flushes it to disk,
 * then renames it over `file`. A reader (a router's fileSource) sees the old content or the new, never
 * a torn mix. The file keeps its permissions. A symbolic link (a Kubernetes ConfigMap layout, a deploy
 * tool's `current` link) stays a link: the file it points to is replaced. A temp file left by a killed
 * writer is removed by the next change (see `withFileLock`).
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const temp = tempPath(target);
  let mode = 0o644;
  try {
    mode = (await stat(target)).mode & 0o777;
  } catch {
    // a new file gets the default mode
  }
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}
