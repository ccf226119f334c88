// One thread of a workerModel with `pollMs` (see poll-pool.ts). It loads the model module once, then takes
// calls from its port with receiveMessageOnPort, and between calls sleeps in Atomics.wait for pollMs: a
// thread asleep there is not listening on the port, so the caller's postMessage does not wake it (waking a
// sleeping thread is what costs the caller's thread ~100 µs per call on a virtual machine). Plain JavaScript,
// so that the same file runs from src/ (tests) and dist/ (the package).
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from './thread-priority.mjs';

const { href, exportName, port, pollMs, low } = workerData.modelroutePoll;
if (low) lowerThreadPriority();
const model = (await import(href))[exportName];
if (typeof model !== 'function')
  throw new TypeError(
    `${href} has no function export named '${exportName}' (got ${typeof model}); export the model function`,
  );

// The marks of piscina's move(): the output is sent by transferring the buffer instead of copying it.
const transferable = Symbol.for('Piscina.transferable');
const movedValue = Symbol.for('Piscina.valueOf');
const asleep = new Int32Array(new SharedArrayBuffer(4));
const loopTurn = () => new Promise((resolve) => setImmediate(resolve));

function answer(id, result) {
  let value = result;
  let transferList;
  if (value !== null && typeof value === 'object' && transferable in value && movedValue in value) {
    transferList = [value[transferable]];
    value = value[movedValue];
  }
  try {
    port.postMessage({ id, value }, transferList);
  } catch (error) {
    port.postMessage({
      id,
      error: new Error(`the model's output could not be copied to the caller's thread: ${error?.message}`),
    });
  }
}

function fail(id, error) {
  try {
    port.postMessage({ id, error });
  } catch {
    // an error that structured clone cannot copy (a property holding a function, ...): its message crosses
    port.postMessage({ id, error: new Error(String(error?.message ?? error)) });
  }
}

port.postMessage({ ready: true });
for (;;) {
  const received = receiveMessageOnPort(port);
  if (received === undefined) {
    Atomics.wait(asleep, 0, 0, pollMs);
  } else {
    const { id, input } = received.message;
    try {
      answer(id, await model(input));
    } catch (error) {
      fail(id, error);
    }
  }
  // One turn of the event loop between calls and sleeps: the model's own timers and I/O callbacks run.
  await loopTurn();
}
