// Builds a small ONNX model file with onnx-proto, so the example downloads nothing from a model hub:
// a fraud scorer, features [N, 16] -> `layers` dense ReLU layers of `width` -> sigmoid score [N, 1].
// Weights come from a seeded generator: the same seed writes the same file.
import { writeFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
export const FEATURES = 16;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

// mulberry32: a small seeded PRNG, uniform in [-scale, scale)
function generator(seed) {
  let a = seed >>> 0;
  return (scale) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  };
}

const tensor = (name, dims, random, scale) => {
  const values = new Float32Array(dims.reduce((n, d) => n * d, 1));
  for (let i = 0; i < values.length; i++) values[i] = random(scale);
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(values.buffer) };
};
const valueInfo = (name, dims) => ({
  name,
  type: {
    tensorType: {
      elemType: FLOAT,
      shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
    },
  },
});

/** Writes the model to `path`; returns its size in bytes. */
export function buildModel(path, { seed = 1, width = 256, layers = 3 } = {}) {
  const random = generator(seed);
  const initializer = [];
  const node = [];
  let previous = 'features';
  let inWidth = FEATURES;
  for (let l = 0; l < layers; l++) {
    initializer.push(tensor(`w${l}`, [inWidth, width], random, Math.sqrt(2 / inWidth)));
    initializer.push(tensor(`b${l}`, [width], random, 0.01));
    node.push({ opType: 'MatMul', input: [previous, `w${l}`], output: [`m${l}`], name: `matmul${l}` });
    node.push({ opType: 'Add', input: [`m${l}`, `b${l}`], output: [`a${l}`], name: `add${l}` });
    node.push({ opType: 'Relu', input: [`a${l}`], output: [`h${l}`], name: `relu${l}` });
    previous = `h${l}`;
    inWidth = width;
  }
  initializer.push(tensor('wout', [inWidth, 1], random, Math.sqrt(1 / inWidth)));
  initializer.push(tensor('bout', [1], random, 0.01));
  node.push({ opType: 'MatMul', input: [previous, 'wout'], output: ['logit0'], name: 'matmul_out' });
  node.push({ opType: 'Add', input: ['logit0', 'bout'], output: ['logit'], name: 'add_out' });
  node.push({ opType: 'Sigmoid', input: ['logit'], output: ['score'], name: 'sigmoid' });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'modelroute-example',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'fraud',
      node,
      initializer,
      input: [valueInfo('features', ['N', FEATURES])],
      output: [valueInfo('score', ['N', 1])],
    },
  });
  const bytes = onnx.ModelProto.encode(model).finish();
  writeFileSync(path, bytes);
  return bytes.length;
}
