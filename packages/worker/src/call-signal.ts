/**
 * The abort signal of one call with a time limit, in the EventEmitter shape piscina accepts (`once`, and
 * `removeListener` when the task is done). An `AbortController` is an EventTarget: creating one and adding
 * and removing its listener costs several times more per call, and a call almost never aborts.
 */
export class CallSignal {
  aborted = false;
  private listener: (() => void) | undefined;

  once(_event: 'abort', listener: () => void): void {
    this.listener = listener;
  }

  off(_event: 'abort', _listener: () => void): void {
    this.listener = undefined;
  }

  removeListener(_event: 'abort', _listener: () => void): void {
    this.listener = undefined;
  }

  /** Aborts the call: piscina rejects it and terminates the thread running it. Once. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listener = this.listener;
    this.listener = undefined;
    listener?.();
  }
}
