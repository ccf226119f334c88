// One thread of a workerModel with `pollMs` (see poll-pool.ts; started through poll-worker-boot.cjs). It loads
// the model module once, then takes calls from its port with receiveMessageOnPort, and between calls sleeps in
// Atomics.wait for pollMs: a thread asleep there is not listening on the port, so the caller's postMessage does
// not wake it (waking a sleeping thread is what costs the caller's thread most per call on a virtual machine).
// Plain JavaScript, so that the same file runs from src/ (tests) and dist/ (the package).
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { loadModel } from './load-model.mjs';
import { lowerThreadPriority } from './thread-priority.mjs';

const { href, exportName, port, pollMs, low, taken } = workerData.modelroutePoll;
if (low) lowerThreadPriority();
const model = await loadModel(href, exportName);

// The marks of piscina's move(): the output is sent by transferring the buffer instead of copying it.
const transferable = Symbol.for('Piscina.transferable');
const movedValue = Symbol.for('Piscina.valueOf');
const asleep = new Int32Array(new SharedArrayBuffer(4));
const loopTurn = () => new Promise((resolve) => setImmediate(resolve));

/** What the model printed reaches the process's stdout and stderr before its answer (as piscina does). */
async function flushed() {
  for (const stream of [process.stdout, process.stderr])
    if (stream.writableLength > 0) await new Promise((resolve) => stream.write('', resolve));
}

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
      error: new Error(`the model's output could not be copied to the caller's thread: ${describe(error)}`),
    });
  }
}

function fail(id, error) {
  try {
    port.postMessage({ id, error });
  } catch {
    // an error that structured clone cannot copy (a property holding a function...): its message crosses
    port.postMessage({ id, error: new Error(describe(error)) });
  }
}

/** The message of a thrown value, never throwing itself (a message getter may throw). */
function describe(error) {
  try {
    return String(error?.message ?? error);
  } catch {
    return 'an error that could not be read';
  }
}

port.postMessage({ ready: true });
for (;;) {
  const received = receiveMessageOnPort(port);
  if (received === undefined) {
    Atomics.wait(asleep, 0, 0, pollMs);
  } else {
    const { id, input } = received.message;
    // The pool reads this if the thread ends: a call the thread never took is run by the next thread.
    Atomics.store(taken, 0, id & 0x7fffffff);
    let result;
    let failed = false;
    try {
      result = await model(input);
    } catch (error) {
      failed = true;
      result = error;
    }
    await flushed();
    if (failed) fail(id, result);
    else answer(id, result);
  }
  // One turn of the event loop between calls and sleeps: the model's own timers and I/O callbacks run.
  await loopTurn();
}
