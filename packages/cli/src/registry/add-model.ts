import { writeFile } from 'node:fs/promises';
import { CliError } from '../cli-error.js';
import { writeFileAtomic } from '../file/atomic-write.js';
import { withFileLock } from '../file/file-lock.js';
import { formatDocument } from '../file/rollout-file.js';
import { checkModel, loadRegistry, type RegisteredModel, registryPath } from './model-registry.js';

/**
 * Registers a model in the registry beside `rolloutFile` (or at `registry`), creating it if needed,
 * under its lock, written atomically. Entries are immutable: an id already there is refused.
 */
export async function addModel(
  rolloutFile: string,
  model: RegisteredModel,
  options: { registry?: string | undefined } = {},
): Promise<{ path: string; model: RegisteredModel }> {
  const problems = checkModel(model, 'model');
  if (problems.length > 0) throw new CliError(1, 'refused: the model entry is invalid', problems);
  const path = registryPath(rolloutFile, options.registry);
  await writeFile(path, formatDocument({ models: [] }), { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw new CliError(1, `cannot create the model registry ${path}: ${error.message}`);
  });
  return withFileLock(path, async () => {
    const registry = (await loadRegistry(path))!;
    if (registry.models.some((m) => m.id === model.id))
      throw new CliError(
        1,
        `refused: "${model.id}" is already in the model registry ${path}; entries do not change (an artifact has one id): register the new artifact under a new id`,
      );
    await writeFileAtomic(path, formatDocument({ models: [...registry.models, model] }));
    return { path, model };
  });
}
