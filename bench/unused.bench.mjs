// Issue 17: an unused feature costs nothing. A route whose shadow list has only fraction-0 targets does
// no shadow work per call (the plan drops them when the document is applied), so it costs what a route
// without a shadow costs. Interleaved rounds, median round, in one process.
import { createRouter, staticSource } from '@modelroute/core';
import { fmt, machine, measureAsync, table } from './harness.mjs';

const units = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);
const instant = async (x) => x;
const router = (extra) =>
  createRouter({
    route: 'fraud',
    models: { v3: instant, v4: instant, v5: instant },
    source: staticSource({ routes: { fraud: { champion: 'v3', weights: { v3: 95, v4: 5 }, ...extra } } }),
    fallback: 'v3',
  });
const scenarios = [
  ['bare async call', null],
  ['router, no shadow', await router({})],
  ['router, shadow at fraction 0', await router({ shadow: [{ model: 'v5', fraction: 0 }] })],
  [
    'router, two shadows at fraction 0 (call and unit sampling)',
    await router({
      shadow: [
        { model: 'v5', fraction: 0 },
        { model: 'v4', fraction: 0, sampling: 'unit' },
      ],
    }),
  ],
];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const round = { iterations: 200_000, rounds: 1, warmup: 20_000 };
const samples = scenarios.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < scenarios.length; k++) {
    const s = (k + r) % scenarios.length; // rotating order: no scenario always runs first
    const rt = scenarios[s][1];
    const fn = rt === null ? (i) => instant(i) : (i) => rt.predict(i, { unit: units[i & 4095] });
    samples[s].push(await measureAsync(fn, round));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const m = samples.map(median);
table(
  `Unused features cost nothing (issue 17): predict with an instant model, ${ROUNDS} interleaved rounds — ${machine()}`,
  ['scenario', 'per call', 'vs no shadow'],
  scenarios.map(([label], s) => [label, fmt(m[s]), s === 0 ? '–' : `${(m[s] / m[1]).toFixed(3)}x`]),
);
for (const [, r] of scenarios) await r?.close();
