import type { SourceListener, SourceSubscription, SourceUpdate } from './source.js';

/**
 * What every source shares: its listeners, its latest update, and a late subscriber getting that
 * update at once. Sources of your own (a config service, a database row) can build on it.
 */
export interface UpdateFanout {
  /** The latest update delivered, if any. */
  readonly latest: SourceUpdate | undefined;
  /** Remembers `update` as the latest and hands it to every listener; does nothing once closed. */
  deliver(update: SourceUpdate): void;
  /** Adds `listener`, hands it the latest update if there is one, and returns its subscription. */
  subscribe(listener: SourceListener, ready: Promise<void>): SourceSubscription;
  /** Drops every listener; later deliveries go nowhere. */
  close(): void;
}

/** Creates an {@link UpdateFanout}. */
export function updateFanout(): UpdateFanout {
  const listeners = new Set<SourceListener>();
  let latest: SourceUpdate | undefined;
  let closed = false;
  return {
    get latest() {
      return latest;
    },
    deliver(update) {
      if (closed) return;
      latest = update;
      for (const listener of [...listeners]) listener(update);
    },
    subscribe(listener, ready) {
      if (!closed) listeners.add(listener);
      if (latest) listener(latest);
      return { ready, unsubscribe: () => void listeners.delete(listener) };
    },
    close() {
      closed = true;
      listeners.clear();
    },
  };
}
