import type { MessagePort } from 'node:worker_threads';

import { MOVED } from './thread-protocol.mjs';

/** What can be moved between threads instead of copied. */
export type Movable = ArrayBuffer | ArrayBufferView | MessagePort;

/**
 * In a worker model's module: `return move(output)` transfers a large typed array (or `ArrayBuffer`) to the
 * caller's thread instead of copying it; the caller receives `output` as it was. Only the returned value itself
 * (not a value nested in it), and not a view of a `SharedArrayBuffer` (it is shared, not moved). The output is
 * unusable in the worker afterwards (its buffer is detached).
 */
export function move<T extends Movable>(value: T): T {
  const transfer = ArrayBuffer.isView(value) ? value.buffer : value;
  return { [MOVED]: { value, transfer } } as unknown as T;
}
