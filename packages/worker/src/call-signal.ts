/**
 * The abort signal of one call with a time limit, for the pool (`once`). An `AbortController` is an
 * EventTarget: creating one and adding its listener costs several times more per call, and a call almost
 * never aborts.
 */
export class CallSignal {
  aborted = false;
  private listener: (() => void) | undefined;

  once(_event: 'abort', listener: () => void): void {
    this.listener = listener;
  }

  /** Aborts the call: the pool rejects it and terminates the thread running it. Once. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listener = this.listener;
    this.listener = undefined;
    listener?.();
  }
}
