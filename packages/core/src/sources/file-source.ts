import type { FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { RolloutSource, SourceUpdate } from './source.js';
import { lazySource } from './lazy-source.js';
import { ModelrouteError } from '../errors/modelroute-error.js';

// node:fs is taken when a source reads, not at import: an ESM import of node:fs loads its promises,
// streams and watchers, a tenth of what importing @modelroute/core cost (bench/footprint.bench.mjs).
const fs = () => process.getBuiltinModule('node:fs');

/** Options of {@link fileSource}. */
export interface FileSourceOptions {
  /** How often the file's identity (inode, size, mtime, ctime) is checked, in ms, as a safety net for missed watch events. Default 250. */
  pollIntervalMs?: number;
  /** Quiet time after a watch event before the file is read, in ms, so a burst of writes is read once. Default 15. */
  debounceMs?: number;
  /**
   * Use directory watch events (inotify, FSEvents) as well as the poll. Turn it off where they do not
   * arrive (some network file systems and container volume mounts): changes then arrive by the poll alone,
   * within `pollIntervalMs`. Default true.
   */
  watch?: boolean;
  /**
   * The largest file read, in bytes: a larger one is refused (`invalid`) from its size alone, without
   * reading it into memory. The router applies its own limit after that (`createRouter({ maxDocumentBytes })`,
   * default 1 MiB); raise this one too when you raise that above it. Default 16777216 (16 MiB).
   */
  maxBytes?: number;
  /**
   * Schedules the poll and the debounce. Default: Node's `setTimeout`, unref'd (a watching source never
   * keeps the process alive). Tests pass `manualShadowScheduler(clock)` to run polls by hand.
   */
  timer?: { timeout(fn: () => void, ms: number): () => void };
}

const defaultTimer = {
  timeout(fn: () => void, ms: number): () => void {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return () => clearTimeout(handle);
  },
};

/**
 * A rollout document in a JSON file, watched for changes. Both an atomic replace (write a temp file,
 * rename it over) and an in-place write are picked up, by directory watch events and a stat poll; so is
 * a Kubernetes ConfigMap update (its `..data` symlink swapped): any event in the directory checks the
 * file's identity through its links. A torn or invalid write reaches the router as a value that fails
 * validation, so the router keeps its last good document. A missing file is reported as `absent` (the
 * router says so once, with the absolute path, and keeps its document or its fallback); a read that keeps
 * failing the same way is reported once, until something changes. One source may serve many routers.
 */
export function fileSource(path: string, options: FileSourceOptions = {}): RolloutSource {
  const file = resolve(path);
  const name = `file:${file}`;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const debounceMs = options.debounceMs ?? 15;
  const timer = options.timer ?? defaultTimer;
  const maxBytes = options.maxBytes ?? 16_777_216;
  if (!(Number.isInteger(maxBytes) && maxBytes > 0))
    throw new ModelrouteError(
      'invalid_options',
      `fileSource: maxBytes must be a positive integer number of bytes, got ${String(options.maxBytes)}`,
    );
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
  // What the last stat saw (through symlinks): `ino:size:mtime:ctime`, or 'missing'. A read happens only when it changes.
  let lastIdentity = '';
  // The failure last delivered ('absent' or a read error), so that a lasting one is reported once.
  let lastFailure: string | undefined;
  let watcher: FSWatcher | undefined;
  let cancelPoll: (() => void) | undefined;
  let cancelDebounce: (() => void) | undefined;
  let reading: Promise<void> | undefined;
  let again = false;

  const identityOf = async (): Promise<string> => {
    try {
      const info = await fs().promises.stat(file);
      // ctime too: a chmod or chown that makes an unreadable file readable changes nothing else.
      return `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
    } catch {
      return 'missing';
    }
  };

  const fail = (update: SourceUpdate & { reason: string }): void => {
    lastText = undefined; // the same text written back later is news again
    if (update.reason === lastFailure) return;
    lastFailure = update.reason;
    lazy.deliver(update);
  };

  const readOnce = async (): Promise<void> => {
    lastIdentity = await identityOf();
    if (lastIdentity === 'missing') {
      fail({ type: 'absent', reason: `${file} does not exist`, origin: name });
      return;
    }
    let text: string;
    try {
      const read = await readRegularFile(file, maxBytes);
      if (typeof read !== 'string') {
        fail({ type: 'invalid', reason: read.problem, origin: name });
        return;
      }
      text = read;
    } catch (error) {
      const reason = `cannot read ${file}: ${(error as Error).message}`;
      fail({ type: 'invalid', reason, cause: error, origin: name });
      return;
    }
    lastFailure = undefined;
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
    cancelDebounce?.();
    cancelDebounce = timer.timeout(() => void read(), debounceMs);
  };

  // Reads when the file's identity (through its links) changed; re-arms itself when done, so polls never overlap.
  const poll = async (): Promise<void> => {
    if ((await identityOf()) !== lastIdentity) await read();
    if (!lazy.closed) cancelPoll = timer.timeout(() => void poll(), pollIntervalMs);
  };

  const watchDirectory = (): void => {
    try {
      watcher = fs().watch(dirname(file), { persistent: false }, (_event, changed) => {
        // The file itself: read it (after the debounce). Anything else in the directory (a ConfigMap's
        // `..data` link swapped, a parent link of ours): check the identity, which follows the links.
        if (!changed || changed.toString() === basename(file)) schedule();
        else void identityOf().then((identity) => identity !== lastIdentity && schedule());
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
      void read()
        .then(lazy.settleReady, lazy.settleReady)
        .then(() => {
          if (!lazy.closed) cancelPoll = timer.timeout(() => void poll(), pollIntervalMs);
        });
    },
    async stop() {
      watcher?.close();
      cancelPoll?.();
      cancelDebounce?.();
      await reading;
    },
  });
  return lazy.source;
}

/**
 * The file's text, or why it was not read: it is not a regular file (a FIFO's read would block until a
 * writer came, a device's might never end) or it is over `maxBytes`. Opened without blocking, then checked
 * on the open handle, so a path swapped between a stat and the read cannot slip past.
 */
async function readRegularFile(file: string, maxBytes: number): Promise<string | { problem: string }> {
  const { promises, constants } = fs();
  const handle = await promises.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { problem: `${file} is not a regular file` };
    if (info.size > maxBytes)
      return {
        problem: `${file} is ${info.size} bytes, over fileSource's limit of ${maxBytes} bytes; keep rollout documents small or raise fileSource({ maxBytes })`,
      };
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
