// Issue 14: what review signals cost. predict() on a route with `review.predictionShift` against the
// same route without it (interleaved rounds, median of 15), and the heap after 1M reviewed predictions
// (constant memory: the histograms are fixed-size once the champion's warm-up fixes the bins).
import { createRouter, staticSource } from '@modelroute/core';
import { fmt, measureAsync, table } from './harness.mjs';

const units = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);
let x = 0;
const model = async () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648; // outputs spread over [0, 1)
const route = (review) => ({ routes: { bench: { champion: 'a', weights: { a: 50, b: 50 }, ...review } } });
const make = (review) =>
  createRouter({ route: 'bench', models: { a: model, b: model }, source: staticSource(route(review)), fallback: 'a' });
const plain = await make({});
const reviewed = await make({ review: { predictionShift: { minPredictions: 1000 } } });

const once = { rounds: 1, warmup: 20_000, iterations: 200_000 };
const samples = { plain: [], reviewed: [] };
for (let round = 0; round < 15; round++) {
  samples.plain.push(await measureAsync((i) => plain.predict(i, { unit: units[i & 4095] }), once));
  samples.reviewed.push(await measureAsync((i) => reviewed.predict(i, { unit: units[i & 4095] }), once));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const m = { plain: median(samples.plain), reviewed: median(samples.reviewed) };

const heap = [];
const heapRouter = await make({ review: { predictionShift: {} } });
for (let n = 1; n <= 4; n++) {
  for (let i = 0; i < 250_000; i++) await heapRouter.predict(i, { unit: `u${n}-${i}` });
  globalThis.gc?.();
  heap.push(`${n * 250}k: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MiB`);
}
table(
  'Review signals (issue 14)',
  [
    'predict, no review',
    'predict, predictionShift',
    'cost of binning per call',
    'heap after GC (1M reviewed predictions)',
  ],
  [[fmt(m.plain), fmt(m.reviewed), fmt(m.reviewed - m.plain), heap.join(', ')]],
);
console.log(`target: binning <= 0.2 µs per call: ${fmt(m.reviewed - m.plain)}\n`);
await Promise.all([plain.close(), reviewed.close(), heapRouter.close()]);
