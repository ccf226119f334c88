// A model that burns `BURN_MS` of CPU per call (2 ms): the stand-in for a CPU-bound model (a tree
// ensemble, an ONNX session) in bench/worker.bench.mjs. The same function runs in-thread and in a workerModel.
export const BURN_MS = 2;

export default function burn(x) {
  const end = performance.now() + BURN_MS;
  let acc = 0;
  while (performance.now() < end) acc = (acc + Math.sqrt(x + acc)) % 1000;
  return { score: x % 100, acc };
}
