import type { LaunchDarklyClient } from './client.js';

/**
 * Calls `onReady` once the client has its flag data (at once when it already has), or `onFailed` when
 * it gives up (an invalid SDK key, say). Listens for the `ready` and `failed` events instead of
 * awaiting `waitForInitialization()`, whose timeout v7 ignores. Returns a function that stops listening.
 */
export function whenInitialized(
  client: LaunchDarklyClient,
  onReady: () => void,
  onFailed: (error: unknown) => void,
): () => void {
  let done = false;
  const ready = (): void => {
    if (done) return;
    done = true;
    stop();
    onReady();
  };
  const failed = (error: unknown): void => {
    if (done) return;
    done = true;
    stop();
    onFailed(error);
  };
  const stop = (): void => {
    client.off('ready', ready);
    client.off('failed', failed);
  };
  if (client.initialized()) {
    queueMicrotask(() => {
      if (!done) {
        done = true;
        onReady();
      }
    });
    return () => {
      done = true;
    };
  }
  client.on('ready', ready);
  client.on('failed', failed);
  return () => {
    done = true;
    stop();
  };
}
