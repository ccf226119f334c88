import { type GuardTimer, withinTime } from '../guard/call-with-timeout.js';
import type { Model } from '../vocabulary/model.js';
import type { WarningHandler } from '../vocabulary/warning.js';

/** How long `router.close()` waits for a model's `close()` by default (`RouterOptions.modelCloseTimeoutMs`), in ms. */
export const DEFAULT_MODEL_CLOSE_TIMEOUT_MS = 10_000;

/** The time limit of each model's close, on `timer`. */
export interface CloseDeadline {
  readonly ms: number;
  readonly timer: GuardTimer;
}

const TIMED_OUT = Symbol('close timed out');

/**
 * Ends the models that own resources (those with a `close()`, such as a `workerModel`), each once even
 * when it serves under several ids. Never rejects, and never waits past the deadline: a failing close
 * becomes a warning, and so does one that has not settled in time (it goes on, unawaited).
 */
export async function closeModels(
  route: string,
  models: Readonly<Record<string, Model<never, unknown>>>,
  onWarning: WarningHandler,
  deadline: CloseDeadline,
): Promise<void> {
  const owned = new Set(Object.values(models).filter((model) => typeof model.close === 'function'));
  await Promise.all(
    [...owned].map(async (model) => {
      try {
        await withinTime(Promise.resolve(model.close!()), deadline.ms, deadline.timer, () => TIMED_OUT);
      } catch (error) {
        onWarning(
          error === TIMED_OUT
            ? {
                code: 'MODELROUTE_MODEL_CLOSE_TIMEOUT',
                message: `modelroute: route "${route}": closing a model did not finish within modelCloseTimeoutMs (${deadline.ms} ms); router.close() went on without it. Fix the model's close(), or raise modelCloseTimeoutMs`,
              }
            : {
                code: 'MODELROUTE_MODEL_CLOSE_FAILED',
                message: `modelroute: route "${route}": closing a model failed: ${(error as Error)?.message}`,
              },
        );
      }
    }),
  );
}
