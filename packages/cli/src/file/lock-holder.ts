import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { link, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * Who holds a lock file, as read from it. `key` identifies this one lock file (its inode, mtime and
 * content, which carries a random token): a taker compares keys to know the file did not change under it.
 */
export interface LockHolder {
  readonly key: string;
  /** The holder's pid, when the file says so (a lock file of an older CLI holds only the pid). */
  readonly pid: number | undefined;
  /** Host and pid namespace of the holder; a pid means something only where both are ours. */
  readonly host: string | undefined;
  /** Milliseconds since the lock file was written. */
  readonly ageMs: number;
}

// Host and pid namespace: two containers on one machine (network=host shares the host name) may have
// different pid namespaces, where a pid that is dead for us is alive for them.
const where = ((): string => {
  let ns = '';
  try {
    ns = readlinkSync('/proc/self/ns/pid');
  } catch {
    // no /proc (macOS): the host name alone
  }
  let boot = '';
  try {
    boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // no boot id: a lock from before a reboot is then judged by its pid, and by its age at worst
  }
  return `${hostname()}/${ns}/${boot}`;
})();

const keyOf = (ino: number, mtimeMs: number, content: string): string =>
  createHash('sha256').update(`${ino}:${mtimeMs}:${content}`).digest('hex').slice(0, 16);

/** A temp file name beside `file`, which `removeOrphans` recognizes when its writer is gone. */
export const tempPath = (file: string): string =>
  join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** Reads the holder of lock file `path`; undefined when there is none. */
export async function readHolder(path: string, now: number): Promise<LockHolder | undefined> {
  try {
    const [info, content] = await Promise.all([stat(path), readFile(path, 'utf8')]);
    let pid: number | undefined;
    let host: string | undefined;
    try {
      const parsed = JSON.parse(content) as unknown;
      if (typeof parsed === 'number')
        [pid, host] = [parsed, where]; // an older CLI's lock: "<pid>\n"
      else if (parsed !== null && typeof parsed === 'object') {
        const record = parsed as { pid?: unknown; host?: unknown };
        if (typeof record.pid === 'number') pid = record.pid;
        if (typeof record.host === 'string') host = record.host;
      }
    } catch {
      // unreadable content (a lock being written by hand?): judged by its age only
    }
    return { key: keyOf(info.ino, info.mtimeMs, content), pid, host, ageMs: now - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether process `pid` exists here (EPERM: it exists, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When process `pid` of this host started (ms since the epoch), from /proc; undefined when unknown (no
 * /proc, or the process is gone). Start times count in clock ticks: USER_HZ is 100 on Linux.
 */
function startedAt(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(ticks) && Number.isFinite(btime) ? btime * 1000 + ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/** Slack for comparing a process's start time (whole seconds of boot time, ticks) with a lock's mtime. */
const START_SLACK_MS = 2000;

/**
 * Whether a lock's holder is gone. A holder of this host and pid namespace is judged by its process only:
 * gone when it is dead, or when the pid now belongs to a process that started after the lock was written
 * (a reused pid); a live holder is never stale, however long it stalls (a stopped process, a slow disk),
 * since taking its lock would let it write over the next change when it resumes. A holder elsewhere (whose
 * pid cannot be checked) or of unknown pid is gone when the lock is older than `staleMs`.
 */
export function isStale(holder: LockHolder, staleMs: number): boolean {
  if (holder.host !== where || holder.pid === undefined) return holder.ageMs > staleMs;
  if (!processAlive(holder.pid)) return true;
  const started = startedAt(holder.pid);
  return started !== undefined && started > Date.now() - holder.ageMs + START_SLACK_MS;
}

/**
 * Writes a fresh holder record for this process beside `path` and puts it at `path`: `create` fails
 * (false) if `path` exists (link(2) is atomic); `replace` swaps it in (rename(2) is atomic). Resolves to
 * the new lock's key, or undefined when `create` found the path taken.
 */
export async function placeHolder(path: string, how: 'create' | 'replace'): Promise<string | undefined> {
  const temp = tempPath(path);
  const content = `${JSON.stringify({ pid: process.pid, host: where, token: randomBytes(8).toString('hex'), at: new Date().toISOString() })}\n`;
  await writeFile(temp, content, { flag: 'wx' });
  try {
    const info = await stat(temp);
    const key = keyOf(info.ino, info.mtimeMs, content);
    if (how === 'replace') {
      await rename(temp, path);
      return key;
    }
    try {
      await link(temp, path);
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
      throw error;
    }
  } finally {
    await unlink(temp).catch(() => {});
  }
}
