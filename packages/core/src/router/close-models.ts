import type { Model } from '../vocabulary/model.js';
import type { WarningHandler } from '../vocabulary/warning.js';

/**
 * Ends the models that own resources (those with a `close()`, such as a `workerModel`), each once even
 * when it serves under several ids. Never rejects: a failing close becomes a warning.
 */
export async function closeModels(
  route: string,
  models: Readonly<Record<string, Model<never, unknown>>>,
  onWarning: WarningHandler,
): Promise<void> {
  const owned = new Set(Object.values(models).filter((model) => typeof model.close === 'function'));
  await Promise.all(
    [...owned].map(async (model) => {
      try {
        await model.close!();
      } catch (error) {
        onWarning({
          code: 'MODELROUTE_MODEL_CLOSE_FAILED',
          message: `modelroute: route "${route}": closing a model failed: ${(error as Error)?.message}`,
        });
      }
    }),
  );
}
