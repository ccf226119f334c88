// Issue 2: the router's own cost. A bare model call, router.predict and router.decide, with 2 and 5
// variants, in one run. predict's overhead = predict - bare async call.
import { createRouter, staticSource } from '@modelroute/core';
import { fmt, measureAsync, measureSync, table } from './harness.mjs';

const units = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);
const model = async (x) => x + 1;
const weightsFor = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`model-${i}`, n === 2 ? [95, 5][i] : 20]));

const rows = [];
const bare = await measureAsync((i) => model(i));
const results = {};
for (const n of [2, 5]) {
  const weights = weightsFor(n);
  const models = Object.fromEntries(Object.keys(weights).map((id) => [id, model]));
  const router = await createRouter({ route: 'bench', models, source: staticSource({ routes: { bench: { champion: 'model-0', weights } } }), fallback: 'model-0' });
  const decide = measureSync((i) => router.decide(units[i & 4095]).variant);
  const predict = await measureAsync((i) => router.predict(i, { unit: units[i & 4095] }));
  results[n] = { decide, predict };
  rows.push([`${n} variants`, fmt(bare), fmt(predict), fmt(predict - bare), fmt(decide)]);
  await router.close();
}
table('Router overhead (issue 2)', ['variants', 'bare async call', 'router.predict', 'predict overhead', 'router.decide'], rows);
console.log(`targets: decide(2) <= 0.5 µs: ${fmt(results[2].decide)}; predict overhead <= 1 µs: ${fmt(results[2].predict - bare)}; decide(5)/decide(2) <= 2: ${(results[5].decide / results[2].decide).toFixed(2)}\n`);
