import { memorySource } from './memory-source.js';
import type { RolloutSource } from './source.js';

/**
 * A source that never changes: a rollout document (`{ routes }`) fixed in code. Validated by the
 * router like any other; an invalid one leaves the router on its fallback and emits `rejected`.
 */
export function staticSource(document: unknown): RolloutSource {
  const { name, subscribe, close } = memorySource(document, 'static');
  return { name, subscribe, close };
}
