// One thread of a workerModel (see thread-pool.ts; started through worker-boot.cjs). It lowers the thread's
// scheduling priority (for `priority: 'low'`), loads the model module once, says so, then answers each call its
// pool posts to it, one at a time, on its own event loop (the model's timers and I/O run between calls).
// Plain JavaScript, so that the same file runs from src/ (tests) and dist/ (the package).
import { parentPort, workerData } from 'node:worker_threads';
import { callTag, describe, isDetached, MOVED, READY, REPLY, UNRECEIVED } from './thread-protocol.mjs';
import { lowerThreadPriority } from './thread-priority.mjs';

const { href, exportName, low, taken } = workerData.modelroute;
if (low) lowerThreadPriority();
const model = await loadModel(href, exportName);

// The pool's protocol (thread-protocol.mjs): a call arrives as [id, input]; every message of ours is
// [REPLY, id, ok, value], so that the model's own messages to the caller's thread are told apart.

parentPort.on('message', async ([id, input]) => {
  // The pool reads this if the thread ends: a call the thread never took is run by the next thread.
  Atomics.store(taken, 0, callTag(id));
  let result;
  let ok = true;
  try {
    result = await model(input);
  } catch (error) {
    ok = false;
    result = error;
  }
  await flushed();
  if (ok) answer(id, result);
  else fail(id, result);
});
// A call that could not be received (a buffer in its transfer list was already detached): it fails.
parentPort.on('messageerror', (error) =>
  fail(UNRECEIVED, new Error(`the call's input could not be received by the worker thread: ${describe(error)}`)),
);
parentPort.postMessage([REPLY, READY, true, undefined]);

/** What the model printed reaches the process's stdout and stderr before its answer. */
async function flushed() {
  for (const stream of [process.stdout, process.stderr])
    if (stream.writableLength > 0) await new Promise((resolve) => stream.write('', resolve));
}

function answer(id, result) {
  let value = result;
  let transferList;
  const moved = value !== null && typeof value === 'object' ? value[MOVED] : undefined;
  if (moved !== undefined) [value, transferList] = [moved.value, [moved.transfer]];
  if (transferList?.some(isDetached))
    return fail(
      id,
      new Error(
        "the model's output could not be copied to the caller's thread: the buffer it moves is detached (moved before); move a fresh buffer, or return a copy",
      ),
    );
  try {
    parentPort.postMessage([REPLY, id, true, value], transferList);
  } catch (error) {
    fail(
      id,
      new Error(`the model's output could not be copied to the caller's thread: ${describe(error)}; return plain data`),
    );
  }
}

function fail(id, error) {
  try {
    parentPort.postMessage([REPLY, id, false, error]);
  } catch {
    // an error that structured clone cannot copy (a property holding a function...): its message crosses
    parentPort.postMessage([REPLY, id, false, new Error(describe(error))]);
  }
}

/**
 * Imports `href` and returns a function that calls its export `exportName`. A module that fails to load (a throw
 * or a process.exit at import, no such export, an export that is not a function) gives a function that rejects
 * every call with that reason: each call fails at once with the model's own error, and no thread is started again
 * and again.
 * A model that throws `null` or `undefined` rejects with an Error that says so (a bare `null` would cross to the
 * caller's thread as an answer).
 */
async function loadModel(href, exportName) {
  let model;
  // A module that calls process.exit while it loads would end the thread before any call could say why (and
  // the pool would then start it again for each call): while it loads, process.exit throws instead.
  const exit = process.exit;
  // Node's own handler of an uncaught exception calls process.exit to end the thread: that one goes through.
  let fatal = false;
  const onFatal = () => {
    fatal = true;
  };
  process.on('uncaughtExceptionMonitor', onFatal);
  process.exit = (code) => {
    if (fatal) return exit.call(process, code);
    throw new Error(`${href} called process.exit(${code ?? ''}) while it was imported`);
  };
  try {
    model = (await import(href))[exportName];
  } catch (error) {
    const failed = error ?? new Error(`${href} threw ${String(error)} when it was imported`);
    return async () => {
      throw failed;
    };
  } finally {
    process.exit = exit;
    process.off('uncaughtExceptionMonitor', onFatal);
  }
  if (typeof model !== 'function') {
    const missing = new TypeError(
      `${href} has no function export named '${exportName}' (got ${typeof model}); export the model function, or pass its name as exportName`,
    );
    return async () => {
      throw missing;
    };
  }
  return async (input) => {
    try {
      return await model(input);
    } catch (error) {
      throw error ?? new Error(`the model threw ${String(error)}`);
    }
  };
}
