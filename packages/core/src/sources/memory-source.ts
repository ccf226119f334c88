import type { RolloutSource, SourceUpdate } from './source.js';
import { updateFanout } from './update-fanout.js';

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
  const fanout = updateFanout();
  if (initial !== undefined) fanout.deliver({ type: 'document', document: initial, origin: name });
  const ready = Promise.resolve();
  return {
    name,
    subscribe: (listener) => fanout.subscribe(listener, ready),
    set: (document) => fanout.deliver({ type: 'document', document, origin: name }),
    setRoute: (route) => fanout.deliver({ type: 'route', route, origin: name }),
    push: (update) => fanout.deliver(update),
    close: async () => fanout.close(),
  };
}
