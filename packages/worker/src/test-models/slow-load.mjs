// A model whose module takes 500 ms to load (an ONNX session being created): a call made at once waits for it.
import { threadId } from 'node:worker_threads';

await new Promise((resolve) => setTimeout(resolve, 500));
export default (input) => ({ score: input.value * 2, threadId, loads: 1 });
