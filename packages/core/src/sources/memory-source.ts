import type { RolloutSource, SourceListener, SourceSubscription, SourceUpdate } from './source.js';

/** A source you push values into from code: for tests, and for control planes of your own. */
export interface MemorySource extends RolloutSource {
  /** Delivers a whole rollout document (value or JSON text) to every subscriber. */
  set(document: unknown): void;
  /** Delivers the document of one route to every subscriber. */
  setRoute(route: unknown): void;
  /** Delivers any update as it is, for example `{ type: 'invalid', reason }`. */
  push(update: SourceUpdate): void;
}

/** Creates an in-memory source, optionally holding a first document. */
export function memorySource(initial?: unknown, name = 'memory'): MemorySource {
  const listeners = new Set<SourceListener>();
  let latest: SourceUpdate | undefined = initial === undefined ? undefined : { type: 'document', document: initial, origin: name };
  const push = (update: SourceUpdate): void => {
    latest = update;
    for (const listener of [...listeners]) listener(update);
  };
  return {
    name,
    subscribe(listener): SourceSubscription {
      listeners.add(listener);
      if (latest) listener(latest);
      return { ready: Promise.resolve(), unsubscribe: () => listeners.delete(listener) };
    },
    set: (document) => push({ type: 'document', document, origin: name }),
    setRoute: (route) => push({ type: 'route', route, origin: name }),
    push,
    close: async () => listeners.clear(),
  };
}
