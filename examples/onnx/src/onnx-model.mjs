// The worker side: each worker thread imports this module once and opens each model's session once,
// on its first call. `fraudV1` and `fraudV2` are the exports a workerModel names (exportName).
// The model files' directory comes from MODELROUTE_ONNX_DIR (set by main.mjs before the pool starts).
import { join } from 'node:path';
import ort from 'onnxruntime-node';

const sessions = new Map();
function session(file) {
  let s = sessions.get(file);
  if (s === undefined) {
    // One intra-op thread: the pool's threads are the parallelism, not ONNX Runtime's own pool.
    s = ort.InferenceSession.create(join(process.env.MODELROUTE_ONNX_DIR, file), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
    sessions.set(file, s);
  }
  return s;
}

/** Scores one transaction: `{ features: number[] | Float32Array }` (16 values) -> `{ score }`. */
export async function score(file, { features }) {
  const data = Float32Array.from(features);
  const out = await (await session(file)).run({ features: new ort.Tensor('float32', data, [1, data.length]) });
  return { score: out.score.data[0] };
}

export const fraudV1 = (input) => score('fraud-v1.onnx', input);
export const fraudV2 = (input) => score('fraud-v2.onnx', input);
