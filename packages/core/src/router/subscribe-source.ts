import { ModelrouteError } from '../errors/modelroute-error.js';
import type { RolloutSource, SourceListener, SourceSubscription } from '../sources/source.js';
import { isThenable } from '../vocabulary/is-thenable.js';

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Subscribes `listener` to `source`, holding the source to its contract: a `subscribe` that throws or
 * returns no subscription throws `source_failed` here; a `ready` that rejects (or is no promise) becomes a
 * `source_failed` rejection; an `unsubscribe` that throws is handed to `onUnsubscribeError`, never thrown.
 */
export function subscribeSource(
  source: RolloutSource,
  listener: SourceListener,
  onUnsubscribeError: (message: string) => void,
): SourceSubscription {
  const failed = (what: string, cause?: unknown): ModelrouteError =>
    new ModelrouteError(
      'source_failed',
      `source "${source.name}" broke the source contract: ${what}; fix the source (see RolloutSource in @modelroute/core)`,
      { cause },
    );
  let subscription: SourceSubscription;
  try {
    subscription = source.subscribe(listener);
  } catch (error) {
    throw failed(`subscribe() threw: ${describe(error)}`, error);
  }
  if (subscription === null || typeof subscription !== 'object')
    throw failed(`subscribe() returned ${String(subscription)}, not a subscription { ready, unsubscribe }`);
  const ready: Promise<void> = isThenable(subscription.ready)
    ? Promise.resolve(subscription.ready).then(
        () => undefined,
        (error: unknown) => Promise.reject(failed(`its ready rejected: ${describe(error)}`, error)),
      )
    : Promise.reject(failed(`its subscription's ready is ${typeof subscription.ready}, not a promise`));
  return {
    ready,
    unsubscribe() {
      try {
        subscription.unsubscribe();
      } catch (error) {
        onUnsubscribeError(`source "${source.name}": unsubscribe() threw, ignored: ${describe(error)}`);
      }
    },
  };
}
