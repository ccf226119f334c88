import { readdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isStale, processAlive, readHolder } from './lock-holder.js';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes what killed writers of `file` left in its directory; called under the file's lock, so no live
 * change of ours is writing them:
 * - temporary files (`.<file>...<pid>.<hex>.tmp`, from `writeFileAtomic`, possibly megabytes) whose
 *   process is dead on this host or that are older than `staleMs`; a lock's own small temp files only
 *   when older than `staleMs` (a waiter on another host may be about to use one);
 * - takeover markers (`<file>.lock.<key>.takeover`) of a lock other than ours (`key`) whose holder is gone.
 * Resolves to the names removed.
 */
export async function removeOrphans(file: string, key: string, staleMs: number): Promise<string[]> {
  const dir = dirname(file);
  const base = escapeRegExp(basename(file));
  const temp = new RegExp(`^\\.${base}(\\..+)?\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
  const marker = new RegExp(`^${base}\\.lock\\.([0-9a-f]{16})\\.takeover`);
  const now = Date.now();
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    const t = temp.exec(name);
    const m = marker.exec(name);
    let orphan = false;
    if (t) {
      const pid = Number(t[2]);
      const old = await stat(path).then(
        (s) => now - s.mtimeMs > staleMs,
        () => false,
      );
      orphan = old || (!name.startsWith(`.${basename(file)}.lock.`) && pid !== process.pid && !processAlive(pid));
    } else if (m && m[1] !== key) {
      const holder = await readHolder(path, now).catch(() => undefined);
      orphan = holder !== undefined && isStale(holder, staleMs);
    }
    if (
      orphan &&
      (await unlink(path).then(
        () => true,
        () => false,
      ))
    )
      removed.push(name);
  }
  return removed;
}
