// Issue 12: what an experiment costs on the call path. predict with an experiment in the document against
// the same router without one (units already exposed: the steady state, and first exposures of new units),
// router.track by unit and by decision, and the heap while 1M distinct units pass through an exposure
// table bounded at 100k. Scenarios alternate round by round (median of 15 rounds), so a noisy moment on a
// shared machine hits all of them alike.
import { createRouter, staticSource } from '@modelroute/core';
import { fmt, measureAsync, measureSync, table } from './harness.mjs';

const units = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);
const options = units.map((unit) => ({ unit }));
const model = async (x) => x + 1;
const experiment = {
  metrics: [
    { name: 'converted', kind: 'proportion', direction: 'increase', mde: 0.05, role: 'primary' },
    { name: 'revenue', kind: 'mean', direction: 'increase', mde: 0.05, role: 'guardrail' },
  ],
};
const make = (withExperiment, routerOptions = {}) =>
  createRouter({
    route: 'bench',
    models: { a: model, b: model },
    source: staticSource({
      routes: { bench: { champion: 'a', weights: { a: 50, b: 50 }, ...(withExperiment ? { experiment } : {}) } },
    }),
    fallback: 'a',
    ...routerOptions,
  });
const plain = await make(false);
const withExp = await make(true);
const firsts = await make(true); // its own router, so that its 100k new units never evict withExp's
for (const o of options) await withExp.predict(0, o); // every unit exposed: the steady state
const decisions = await Promise.all(
  options.map((o) => withExp.predictDetailed(0, o).then((r) => ({ decision: r.decision }))),
);

let fresh = 0; // first exposures: a unit never seen, in a table bounded at 100k (evicting from then on)
const once = { rounds: 1, warmup: 20_000 };
// For scale on a loaded machine: the two primitives track() cannot avoid (a clock read, a Map lookup).
const table4096 = new Map(units.map((u) => [u, { time: 0 }]));
const samples = { plain: [], exposed: [], first: [], trackUnit: [], trackDecision: [], clock: [], lookup: [] };
for (let round = 0; round < 15; round++) {
  samples.plain.push(await measureAsync((i) => plain.predict(i, options[i & 4095]), { ...once, iterations: 200_000 }));
  samples.exposed.push(
    await measureAsync((i) => withExp.predict(i, options[i & 4095]), { ...once, iterations: 200_000 }),
  );
  samples.first.push(
    await measureAsync((i) => firsts.predict(i, { unit: `new-${fresh++}` }), { ...once, iterations: 50_000 }),
  );
  samples.trackUnit.push(
    measureSync((i) => withExp.track('converted', i & 1, options[i & 4095]), { ...once, iterations: 500_000 }),
  );
  samples.trackDecision.push(
    measureSync((i) => withExp.track('revenue', i & 63, decisions[i & 4095]), { ...once, iterations: 500_000 }),
  );
  samples.clock.push(measureSync(() => performance.now(), { ...once, iterations: 500_000 }));
  samples.lookup.push(measureSync((i) => table4096.get(units[i & 4095]), { ...once, iterations: 500_000 }));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
table(
  'Experiment cost on the call path (issue 12)',
  ['scenario', 'per call', 'over predict without experiment'],
  [
    ['predict, no experiment', fmt(m.plain), '–'],
    ['predict, experiment, unit already exposed', fmt(m.exposed), fmt(m.exposed - m.plain)],
    ['predict, experiment, first exposure (table full: evicts)', fmt(m.first), fmt(m.first - m.plain)],
    ['track(metric, value, { unit })', fmt(m.trackUnit), '–'],
    ['track(metric, value, { decision })', fmt(m.trackDecision), '–'],
    ['for scale: performance.now()', fmt(m.clock), '–'],
    ['for scale: Map.get of a 4096-unit map', fmt(m.lookup), '–'],
  ],
);
console.log(
  `targets: predict with an experiment at most 0.1 µs over without: ${fmt(m.exposed - m.plain)}; track <= 0.3 µs: ${fmt(m.trackUnit)} (by unit), ${fmt(m.trackDecision)} (by decision)\n`,
);

// Heap: 1M distinct units through a table bounded at 100k. Flat once the table is full.
const bounded = await make(true, { experiment: { maxUnits: 100_000 } });
const heap = [];
const gc = globalThis.gc ?? (() => {});
for (let i = 0; i < 1_000_000; i++) {
  const unit = `unit-${i}`;
  await bounded.predict(0, { unit });
  bounded.track('converted', i & 1, { unit });
  if ((i + 1) % 100_000 === 0) {
    gc();
    heap.push([(i + 1).toLocaleString('en'), `${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MiB`]);
  }
}
table('Heap after gc while 1M distinct units pass a table bounded at 100k (issue 12)', ['units', 'heap used'], heap);
await Promise.all([plain.close(), withExp.close(), firsts.close(), bounded.close()]);
