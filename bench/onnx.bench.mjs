// Issue 17: a real in-process model. The ONNX fraud scorer of examples/onnx (built at run time with
// onnx-proto; onnxruntime-node, one intra-op thread) called one call after another: in-thread, through a
// workerModel, and through router.predict on that workerModel; and what crossing a thread costs by itself
// (an echo model), for a 16-float input and for 1 MiB of floats, copied or moved. Interleaved rounds.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter, staticSource } from '@modelroute/core';
import { workerModel } from '@modelroute/worker';
import { FEATURES, buildModel } from '../examples/onnx/src/build-model.mjs';
import { fmt, machine, measureAsync, table } from './harness.mjs';

const ort = createRequire(new URL('../examples/onnx/package.json', import.meta.url))('onnxruntime-node');
const dir = mkdtempSync(join(tmpdir(), 'modelroute-bench-onnx-'));
buildModel(join(dir, 'fraud-v1.onnx'), { seed: 1 });
process.env.MODELROUTE_ONNX_DIR = dir;
const session = await ort.InferenceSession.create(join(dir, 'fraud-v1.onnx'), {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
});
const inThread = async ({ features }) => {
  const data = Float32Array.from(features);
  const out = await session.run({ features: new ort.Tensor('float32', data, [1, data.length]) });
  return { score: out.score.data[0] };
};
const onWorker = workerModel(new URL('../examples/onnx/src/onnx-model.mjs', import.meta.url), {
  exportName: 'fraudV1',
  threads: 1,
});
const router = await createRouter({
  route: 'fraud',
  models: { v1: onWorker },
  source: staticSource({ routes: { fraud: { champion: 'v1', weights: { v1: 1 } } } }),
  fallback: 'v1',
});
const echo = workerModel(new URL('./models/echo.mjs', import.meta.url), { threads: 1 });
const echoMove = workerModel(new URL('./models/echo.mjs', import.meta.url), {
  threads: 1,
  transfer: (x) => [x.features.buffer],
});

const inputs = Array.from({ length: 256 }, (_, i) => ({
  features: Array.from({ length: FEATURES }, (_, k) => Math.sin(i * 31 + k)),
}));
const small = { features: new Float32Array(FEATURES) };
const MIB = 262_144; // floats in 1 MiB
const big = new Float32Array(MIB);
const scenarios = [
  ['ONNX model in-thread (session.run)', (i) => inThread(inputs[i & 255])],
  ['ONNX model as workerModel (1 thread)', (i) => onWorker(inputs[i & 255])],
  ['ONNX model, router.predict on the workerModel', (i) => router.predict(inputs[i & 255], { unit: `u${i & 255}` })],
  ['echo workerModel, 16 floats (the crossing alone)', () => echo(small)],
  ['echo workerModel, 1 MiB of floats copied', () => echo({ features: big })],
  // A fresh buffer per call: a moved buffer is detached in the caller.
  ['echo workerModel, 1 MiB of floats moved (transfer)', () => echoMove({ features: new Float32Array(MIB) })],
  ['(allocating 1 MiB of floats, for the row above)', async () => new Float32Array(MIB).length],
];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const round = { iterations: 400, rounds: 1, warmup: 40 };
const samples = scenarios.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < scenarios.length; k++) {
    const s = (k + r) % scenarios.length;
    samples[s].push(await measureAsync(scenarios[s][1], round));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const m = samples.map(median);
table(
  `A real in-process model: ONNX Runtime (3 dense layers of 256), one call after another, ${ROUNDS} interleaved rounds — ${machine()}`,
  ['scenario', 'per call', 'vs in-thread'],
  scenarios.map(([label], s) => [label, fmt(m[s]), s < 3 ? `${(m[s] / m[0]).toFixed(2)}x` : '–']),
);
await router.close();
await echo.close();
await echoMove.close();
await session.release();
rmSync(dir, { recursive: true, force: true });
