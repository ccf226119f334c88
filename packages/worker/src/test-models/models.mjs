// Models for the workerModel tests. Each worker thread imports this module once.
import { execSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { getPriority } from 'node:os';
import { parentPort, threadId } from 'node:worker_threads';
import { move } from '@modelroute/worker';

globalThis.loads = (globalThis.loads ?? 0) + 1;

/**
 * Behaves as `input.mode` says: 'ok' doubles the value; 'throw' throws; 'throwNull' throws null; 'stray'
 * answers and then ends its thread with an unhandled rejection; 'crashLater' ends its thread with a throw
 * in a timer before it answers; 'hang' burns the CPU forever (only
 * terminating the thread ends it); 'exit' calls process.exit in the worker; 'invalid' returns NaN; 'gate'
 * blocks its thread until the caller stores 1 in `input.gate` (an Int32Array on a SharedArrayBuffer).
 */
export default function behave(input) {
  switch (input.mode) {
    case 'throw':
      throw new Error(`model failed on ${input.value}`);
    case 'throwNull':
      throw null;
    case 'stray':
      // answers, but leaves a rejection nobody handles: the thread ends soon after, between calls
      setTimeout(() => Promise.reject(new Error('a stray rejection in the model')), 0);
      break;
    case 'crashLater':
      // never answers: a throw in its timer ends the thread while the call runs
      return new Promise(() => {
        setTimeout(() => {
          throw new Error(`the model failed in a timer on ${input.value}`);
        }, 0);
      });
    case 'hang':
      for (;;) {}
    case 'exit':
      process.exit(3);
      break;
    case 'invalid':
      return Number.NaN;
    case 'gate':
      Atomics.wait(input.gate, 0, 0);
      break;
  }
  return { score: input.value * 2, threadId, loads: globalThis.loads };
}

/** Sums a Float32Array of features. */
export function sum(input) {
  let total = 0;
  for (const x of input.features) total += x;
  return { total };
}

/** The nice value of the thread running the call (Linux; `null` elsewhere). */
export function niceness() {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return { nice: getPriority(tid), threadId };
  } catch {
    return { nice: null, threadId };
  }
}

/** An async model that answers after a timer of its own thread: the thread's event loop must turn. */
export function later(input) {
  return new Promise((resolve) => setTimeout(() => resolve({ score: input.value * 2, threadId, loads: 0 }), 1));
}

/** Returns what structured clone cannot copy (a function). */
export function uncopyable() {
  return { score: () => 1 };
}

/** Returns its features doubled, moved to the caller's thread (move) instead of copied. */
export function doubled(input) {
  return move(Float32Array.from(input.features, (x) => 2 * x));
}

/** Prints a line of 100 kB (the thread's stdout goes through the caller's thread) and answers. */
export function loud(input) {
  console.log(`LOG FROM THE MODEL ${input.value} ${'x'.repeat(100_000)}`);
  return { score: input.value * 2, threadId, loads: globalThis.loads };
}

let running = 0;
/** Posts a progress message of its own that cannot be read (a detached buffer), then answers after 50 ms with how many calls ran at once. */
export async function postsDetached(input) {
  running++;
  const progress = new Float32Array(4);
  structuredClone(progress.buffer, { transfer: [progress.buffer] });
  parentPort.postMessage({ progress }, [progress.buffer]);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const atOnce = running;
  running--;
  return { score: input.value * 2, threadId, loads: atOnce };
}

/** Blocks its thread in native code (a child process, synchronously) for 2 s, then creates `input.marker`. */
export function native(input) {
  execSync(`sleep 2 && touch ${JSON.stringify(input.marker)}`);
  return { score: 0, threadId, loads: globalThis.loads };
}

/** Posts messages of its own to the caller's thread (a model's debugging), then answers. */
export function chatty(input) {
  parentPort.postMessage(42);
  parentPort.postMessage(null);
  parentPort.postMessage([0, true, 'not an answer']);
  return { score: input.value * 2, threadId, loads: globalThis.loads };
}

/** Returns move() of a buffer it has already given away (detached): the output cannot cross. */
export function moveDetached() {
  const features = Float32Array.from([1, 2, 3]);
  structuredClone(features.buffer, { transfer: [features.buffer] });
  return move(features);
}
