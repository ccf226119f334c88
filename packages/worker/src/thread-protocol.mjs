// What the pool (thread-pool.ts) and its threads (worker-entry.mjs) agree on. Plain JavaScript, so that the
// same file runs in the threads from src/ (tests) and dist/ (the package); thread-protocol.d.mts types it.

/**
 * The mark of every message of ours from a thread: `[REPLY, id, ok, value]`. id > 0 answers that call;
 * READY says the model module has loaded; UNRECEIVED says the call just posted could not be received.
 * A message without the mark is the model's own.
 */
export const REPLY = '@modelroute/worker';
export const READY = 0;
export const UNRECEIVED = -1;

/** The mark move() puts on a model's output: its buffer is transferred instead of copied (a registered symbol: the same in every copy of the package). */
export const MOVED = Symbol.for('@modelroute/worker.move');

/** A call's tag in the thread's shared cell: never 0, the cell's value before the thread has taken any call. */
export const callTag = (id) => (id % 0x7ffffffe) + 1;

/**
 * Whether `item` is an ArrayBuffer already moved elsewhere (a view of it cannot be made). Node finds a
 * detached buffer in a transfer list only in the thread that receives the message, so the sender checks.
 */
export function isDetached(item) {
  if (!(item instanceof ArrayBuffer) || item.byteLength > 0) return false;
  try {
    new Uint8Array(item);
    return false;
  } catch {
    return true;
  }
}

/** The message of a thrown value, never throwing itself (a message getter may throw). */
export function describe(error) {
  try {
    return String(error?.message ?? error);
  } catch {
    return 'an error that could not be read';
  }
}
