// Issue 2: the router's own cost. A bare model call, router.predict and router.decide, with 2 and 5
// variants, in one run. predict's overhead = predict - bare async call. Scenarios alternate round by
// round (median of 15 rounds), so a noisy moment on a shared machine hits all of them alike.
import { createRouter, staticSource } from '@modelroute/core';
import { fmt, measureAsync, measureSync, table } from './harness.mjs';

const units = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);
const model = async (x) => x + 1;
const weightsFor = (n) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`model-${i}`, n === 2 ? [95, 5][i] : 20]));
const routers = {};
for (const n of [2, 5]) {
  const weights = weightsFor(n);
  const models = Object.fromEntries(Object.keys(weights).map((id) => [id, model]));
  routers[n] = await createRouter({
    route: 'bench',
    models,
    source: staticSource({ routes: { bench: { champion: 'model-0', weights } } }),
    fallback: 'model-0',
  });
}

const once = { rounds: 1, warmup: 20_000 };
const samples = { bare: [], predict2: [], predict5: [], decide2: [], decide5: [] };
for (let round = 0; round < 15; round++) {
  samples.bare.push(await measureAsync((i) => model(i), { ...once, iterations: 200_000 }));
  samples.predict2.push(
    await measureAsync((i) => routers[2].predict(i, { unit: units[i & 4095] }), { ...once, iterations: 200_000 }),
  );
  samples.predict5.push(
    await measureAsync((i) => routers[5].predict(i, { unit: units[i & 4095] }), { ...once, iterations: 200_000 }),
  );
  samples.decide2.push(
    measureSync((i) => routers[2].decide(units[i & 4095]).variant, { ...once, iterations: 500_000 }),
  );
  samples.decide5.push(
    measureSync((i) => routers[5].decide(units[i & 4095]).variant, { ...once, iterations: 500_000 }),
  );
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
table(
  'Router overhead (issue 2)',
  ['variants', 'bare async call', 'router.predict', 'predict overhead', 'router.decide'],
  [
    ['2 variants', fmt(m.bare), fmt(m.predict2), fmt(m.predict2 - m.bare), fmt(m.decide2)],
    ['5 variants', fmt(m.bare), fmt(m.predict5), fmt(m.predict5 - m.bare), fmt(m.decide5)],
  ],
);
console.log(
  `targets: decide(2) <= 0.5 µs: ${fmt(m.decide2)}; predict overhead <= 1 µs: ${fmt(m.predict2 - m.bare)}; 5 variants / 2 variants <= 2: decide ${(m.decide5 / m.decide2).toFixed(2)}, predict overhead ${((m.predict5 - m.bare) / (m.predict2 - m.bare)).toFixed(2)}\n`,
);
await Promise.all(Object.values(routers).map((r) => r.close()));
