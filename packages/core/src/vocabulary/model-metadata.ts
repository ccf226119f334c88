import { ModelrouteError } from '../errors/modelroute-error.js';

/**
 * A model's entry in a model registry (the CLI's `modelroute registry`, read with `loadRegistry(path)` of
 * @modelroute/cli, or any registry you map to this shape): which artifact a model id is, and who answers
 * for it. Only `id` is required here; the CLI's registry requires the rest but the last five.
 */
export interface ModelMetadata {
  /** The model id rollout documents use (`fraud-v4`). */
  readonly id: string;
  /** The model's own version (a training pipeline's, a semver). */
  readonly version?: string;
  /** Where the artifact is (`s3://models/fraud/v4/model.onnx`). */
  readonly artifactUri?: string;
  /** SHA-256 of the artifact, hex. */
  readonly sha256?: string;
  /** When it was registered, ISO 8601. */
  readonly createdAt?: string;
  /** Who answers for it (a team, a person). */
  readonly owner?: string;
  /** The training run (an MLflow run id, a CI job URL). */
  readonly trainingRun?: string;
  /** The data it was trained on, as an interval. */
  readonly dataWindow?: { readonly start: string; readonly end: string };
  /** Offline evaluation: metric name to value. */
  readonly offlineMetrics?: Readonly<Record<string, number>>;
  readonly description?: string;
  readonly tags?: readonly string[];
}

// Frozen all the way down: a listener that changes an event's entry (its tags, its dataWindow) must not
// change it for every later event and for router.modelInfo().
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The registry entries by id, checked (each an object with a non-empty string `id`, no id twice, plain
 * data that can be copied) and copied and frozen all the way down, so that events carry the entries as
 * they were given. Throws `invalid_options` otherwise.
 */
export function indexRegistry(entries: readonly ModelMetadata[] | undefined): ReadonlyMap<string, ModelMetadata> {
  const index = new Map<string, ModelMetadata>();
  if (entries === undefined) return index;
  const fail = (message: string): never => {
    throw new ModelrouteError('invalid_options', `createRouter: \`registry\` ${message}`);
  };
  if (!Array.isArray(entries))
    fail(
      'must be an array of registry entries ({ id, version, artifactUri, ... }), e.g. (await loadRegistry(path))?.models',
    );
  entries.forEach((entry, i) => {
    if (entry === null || typeof entry !== 'object' || typeof entry.id !== 'string' || entry.id === '')
      fail(`[${i}] must be an object with a non-empty string \`id\` (the model id rollout documents use)`);
    if (index.has(entry.id)) fail(`[${i}]: the id "${entry.id}" is there twice; one entry per model id`);
    let copy: ModelMetadata;
    try {
      copy = structuredClone(entry);
    } catch (error) {
      return fail(
        `[${i}] (id "${entry.id}") cannot be copied: ${(error as Error).message}. Pass plain data (strings, numbers, arrays, objects), e.g. as loadRegistry(path) reads it`,
      );
    }
    index.set(entry.id, deepFreeze(copy));
  });
  return index;
}
