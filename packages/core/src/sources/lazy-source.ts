import type { DelegateAssigner, RolloutSource, SourceUpdate } from './source.js';
import { updateFanout } from './update-fanout.js';

/** Options of {@link lazySource}. */
export interface LazySourceOptions {
  /** Names the source in events and errors, e.g. `launchdarkly:my-flag`. Required. */
  name: string;
  /** Per-call assignment (delegate mode), handed through as the source's `delegate`. Default: none. */
  delegate?: DelegateAssigner;
  /**
   * Begins watching the control plane (listeners, timers, a first read). Runs once, on the first
   * `subscribe`, after that listener is added (so an update delivered at once reaches it); never after
   * `close()`. Required.
   */
  start(): void;
  /**
   * Stops watching: undoes what `start` did. Runs once, on the first `close()`, and only if `start` ran;
   * `close()` waits for the promise it may return. Required.
   */
  stop(): void | Promise<void>;
}

/** What {@link lazySource} gives back: the source to hand out, and what its watcher needs. */
export interface LazySource {
  /** The source: `subscribe` starts watching on the first call, `close` is idempotent. */
  readonly source: RolloutSource;
  /** The latest update delivered, if any. */
  readonly latest: SourceUpdate | undefined;
  /** Whether `close()` has been called. */
  readonly closed: boolean;
  /** Hands `update` to every subscriber and remembers it for late ones; does nothing once closed. */
  deliver(update: SourceUpdate): void;
  /** Settles every subscription's `ready` (the first call wins; `close()` settles it too). */
  settleReady(): void;
}

/**
 * The skeleton of a source that watches something (a flag service, a file) only while someone listens:
 * it starts on the first `subscribe`, shares one `ready` promise settled once, and on `close()` drops its
 * listeners, stops the watcher and settles `ready`. Built on {@link updateFanout}; the file, LaunchDarkly
 * and OpenFeature sources use it, and sources of your own can too.
 */
export function lazySource(options: LazySourceOptions): LazySource {
  const fanout = updateFanout();
  let started = false;
  let closed = false;
  let closing: Promise<void> | undefined;
  let settleReady!: () => void;
  const ready = new Promise<void>((resolve) => (settleReady = resolve));

  const source: RolloutSource = {
    name: options.name,
    delegate: options.delegate,
    subscribe(listener) {
      const subscription = fanout.subscribe(listener, ready);
      if (!started && !closed) {
        started = true;
        options.start();
      }
      return subscription;
    },
    close() {
      closing ??= (async () => {
        closed = true;
        fanout.close();
        const stopping = started ? options.stop() : undefined;
        settleReady();
        await stopping;
      })();
      return closing;
    },
  };

  return {
    source,
    get latest() {
      return fanout.latest;
    },
    get closed() {
      return closed;
    },
    deliver: (update) => fanout.deliver(update),
    settleReady: () => settleReady(),
  };
}
