import { memorySource } from './memory-source.js';
import type { RolloutDocument } from '../rollout/schema.js';
import type { RolloutSource } from './source.js';

/**
 * A source that never changes: a rollout document (`{ routes }`) fixed in code, typed so that a
 * mistake in its shape fails to compile. Validated by the router like any other; an invalid one
 * (a negative weight, say) leaves the router on its fallback and emits `rejected`. For a document of
 * unknown shape (parsed JSON), use `memorySource(document)`.
 */
export function staticSource(document: RolloutDocument): RolloutSource {
  const { name, subscribe, close } = memorySource(document, 'static');
  return { name, subscribe, close };
}
