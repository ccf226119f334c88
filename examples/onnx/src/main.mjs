// pnpm start: two ONNX models built here, served from worker threads, one answering and one in the shadow.
import { runDemo } from './run-demo.mjs';

const result = await runDemo({ calls: 500 });
const mean = result.scores.reduce((s, x) => s + x, 0) / result.scores.length;
console.log(`model file: ${result.modelBytes} bytes (built by src/build-model.mjs with onnx-proto)`);
console.log(`${result.scores.length} calls answered by fraud-v1 on a worker thread; mean score ${mean.toFixed(3)}`);
console.log(
  `fraud-v2 shadow: ${result.pairs} pairs (${JSON.stringify(result.outcomes)}), ${result.agree} within 0.05 of fraud-v1; copies its one thread could not take were dropped and counted (modelroute.shadow.drops)`,
);
