// Issue 10, defect 7: how long applying a rollout document blocks the event loop (every caller waits),
// for a document at the default size limit (1 MiB) and for one far over it (rejected unparsed).
// memorySource delivers synchronously, so the time of `set()` is the stall. Scenarios interleave per round.
import { createRouter, DEFAULT_MAX_DOCUMENT_BYTES, memorySource } from '@modelroute/core';
import { table } from './harness.mjs';

const route = (overrides, version) => ({ champion: 'a', weights: { a: 95, b: 5 }, overrides, version });
const overridesOfBytes = (bytes) => {
  const out = {};
  for (let i = 0, size = 0; size < bytes; i++) {
    out[`user-${i}`] = 'b';
    size += `"user-${i}":"b",`.length;
  }
  return out;
};
// Fill the document up to (just under) the limit.
const atLimit = (routes) => (version) => {
  const per = Math.floor((DEFAULT_MAX_DOCUMENT_BYTES - 2000) / routes);
  const doc = { routes: {} };
  for (let r = 0; r < routes; r++) doc.routes[`r${r}`] = route(overridesOfBytes(per - 100), version);
  return JSON.stringify(doc);
};
const small = (version) => JSON.stringify({ routes: { r0: route({ 'qa-1': 'b' }, version) } });
const huge = JSON.stringify({ routes: { r0: route(overridesOfBytes(48 * 1024 * 1024), 'huge') } });

const scenarios = [
  ['small document (1 override)', small],
  ['1 MiB, one route of overrides', atLimit(1)],
  ['1 MiB, 10 routes (router serves one)', atLimit(10)],
  ['48 MiB (rejected over the limit)', () => huge],
];
const source = memorySource();
const router = await createRouter({ route: 'r0', models: { a: () => 1, b: () => 2 }, source, fallback: 'a' });
router.on('rejected', () => {});
const texts = scenarios.map(([, make]) => [make('x'), make('y')]);
console.log(`document sizes: ${texts.map(([t]) => `${(Buffer.byteLength(t) / 1024).toFixed(0)} KiB`).join(', ')}`);
const times = scenarios.map(() => []);
for (let round = 0; round < 9; round++) {
  scenarios.forEach((_, s) => {
    globalThis.gc?.();
    const start = performance.now();
    source.set(texts[s][round % 2]); // alternate versions so every set is a real change
    times[s].push(performance.now() - start);
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times[0]);
table(
  'Event-loop stall to apply one document (issue 10 #7; median of 9 interleaved rounds)',
  ['document', 'stall', 'vs small'],
  scenarios.map(([label], s) => [
    label,
    `${median(times[s]).toFixed(1)} ms`,
    `${(median(times[s]) / base).toFixed(0)}x`,
  ]),
);
await router.close();
