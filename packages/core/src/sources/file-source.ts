import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { RolloutSource } from './source.js';
import { lazySource } from './lazy-source.js';
import { ModelrouteError } from '../errors/modelroute-error.js';

/** Options of {@link fileSource}. */
export interface FileSourceOptions {
  /** How often the file's identity (inode, size, mtime) is checked, in ms, as a safety net for missed watch events. Default 250. */
  pollIntervalMs?: number;
  /** Quiet time after a watch event before the file is read, in ms, so a burst of writes is read once. Default 15. */
  debounceMs?: number;
  /**
   * Use directory watch events (inotify, FSEvents) as well as the poll. Turn it off where they do not
   * arrive (some network file systems and container volume mounts): changes then arrive by the poll alone,
   * within `pollIntervalMs`. Default true.
   */
  watch?: boolean;
}

/**
 * A rollout document in a JSON file, watched for changes. Both an atomic replace (write a temp file,
 * rename it over) and an in-place write are picked up, by directory watch events and a stat poll.
 * A torn or invalid write reaches the router as a value that fails validation, so the router keeps
 * its last good document; deleting the file also keeps it; a missing file means the router's fallback
 * until the file appears. One source may serve many routers.
 */
export function fileSource(path: string, options: FileSourceOptions = {}): RolloutSource {
  const file = resolve(path);
  const name = `file:${file}`;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const debounceMs = options.debounceMs ?? 15;
  for (const [key, value] of [
    ['pollIntervalMs', pollIntervalMs],
    ['debounceMs', debounceMs],
  ] as const) {
    if (!(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw new ModelrouteError(
        'invalid_options',
        `fileSource: ${key} must be a non-negative number of milliseconds, got ${String(value)}`,
      );
    }
  }
  let lastText: string | undefined;
  let lastIdentity = '';
  let watcher: FSWatcher | undefined;
  let poller: NodeJS.Timeout | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let reading: Promise<void> | undefined;
  let again = false;

  const readOnce = async (): Promise<void> => {
    let text: string;
    try {
      const info = await stat(file);
      lastIdentity = `${info.ino}:${info.size}:${info.mtimeMs}`;
      text = await readFile(file, 'utf8');
    } catch (error) {
      lastIdentity = 'missing';
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        if (lastText === undefined && lazy.latest?.type !== 'absent')
          lazy.deliver({ type: 'absent', reason: `${file} does not exist yet`, origin: name });
        return;
      }
      lazy.deliver({
        type: 'invalid',
        reason: `cannot read ${file}: ${(error as Error).message}`,
        cause: error,
        origin: name,
      });
      return;
    }
    if (text === lastText) return;
    lastText = text;
    lazy.deliver({ type: 'document', document: text, origin: name });
  };

  // Reads never overlap; a change seen during a read triggers exactly one more read.
  const read = (): Promise<void> => {
    if (lazy.closed) return Promise.resolve();
    if (reading) {
      again = true;
      return reading;
    }
    reading = readOnce().finally(() => {
      reading = undefined;
      if (again && !lazy.closed) {
        again = false;
        void read();
      }
    });
    return reading;
  };

  const schedule = (): void => {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => void read(), debounceMs);
    debounce.unref();
  };

  const poll = async (): Promise<void> => {
    let identity = 'missing';
    try {
      const info = await stat(file);
      identity = `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch {
      // a missing file is an identity of its own
    }
    if (identity !== lastIdentity) void read();
  };

  const watchDirectory = (): void => {
    try {
      watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
        if (!changed || changed.toString() === basename(file)) schedule();
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined; // the poll keeps working
      });
    } catch {
      watcher = undefined; // the directory may not exist yet: the poll covers it
    }
  };

  const lazy = lazySource({
    name,
    start() {
      if (options.watch !== false) watchDirectory();
      poller = setInterval(() => void poll(), pollIntervalMs);
      poller.unref();
      void read().then(lazy.settleReady, lazy.settleReady);
    },
    async stop() {
      watcher?.close();
      clearInterval(poller);
      clearTimeout(debounce);
      await reading;
    },
  });
  return lazy.source;
}
