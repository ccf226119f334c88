// A model that blocks its thread for 2 ms without using CPU (Atomics.wait), with burn.mjs's answer: the
// diagnostic variant of bench/worker.bench.mjs (WORKER_BENCH_MODEL=idle).
const cell = new Int32Array(new SharedArrayBuffer(4));
export default function idle(x) {
  Atomics.wait(cell, 0, 0, 2);
  return { score: x % 100, acc: 0 };
}
