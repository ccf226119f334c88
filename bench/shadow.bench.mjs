// Issue 4: what shadows cost the caller. p50 and p99 of the caller's `predict` with shadows off and
// with shadows at 100%, for async models that simulate I/O (a timer), in one run, rounds interleaved so
// that drift in the machine hits every scenario alike. Target: p99 with shadows / p99 without <= 1.05.
// An A/A control (a second router without shadows) shows the run's noise floor for p99; "CPU per call" is
// the process's CPU time while the scenario ran, divided by its calls (the shadow's own work included).
// Also: the synchronous cost that maybeMirror adds to each call (no I/O), and memory under a hung shadow.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter, jsonLinesSink, staticSource } from '@modelroute/core';
import { fmt, latencies, machine, measureAsync, percentile, table } from './harness.mjs';

const IO_MS = 2; // simulated I/O latency of every model
const io = (ms, value) => new Promise((resolve) => setTimeout(resolve, ms, value));
const primary = (x) => io(IO_MS, { score: x % 100 });
const dir = mkdtempSync(join(tmpdir(), 'modelroute-bench-shadow-'));

const doc = (shadow) => ({
  routes: { fraud: { champion: 'v3', weights: { v3: 95, v4: 5 }, ...(shadow ? { shadow } : {}) } },
});
const router = (shadow, models, options) =>
  createRouter({
    route: 'fraud',
    models: { v3: primary, v4: primary, ...models },
    source: staticSource(doc(shadow)),
    fallback: 'v3',
    shadow: options,
  });

const scenarios = [
  ['bare model call (no router)', null],
  ['router, shadows off', await router(undefined, {})],
  // An A/A control: a second identical router without shadows. Its p99 ratio is the run's noise floor.
  ['router, shadows off (A/A control)', await router(undefined, {})],
  ['router, 1 shadow at 100% (same latency)', await router([{ model: 'v5', fraction: 1 }], { v5: primary })],
  // A shadow with no I/O of its own: what the router's shadow machinery alone costs the caller.
  [
    'router, 1 shadow at 100%, instant shadow model',
    await router([{ model: 'v5', fraction: 1 }], { v5: (x) => ({ score: x % 100 }) }),
  ],
  [
    'router, 1 shadow at 100%, 100x slower',
    await router([{ model: 'v5', fraction: 1 }], { v5: (x) => io(IO_MS * 100, { score: x % 100 }) }),
  ],
  // A hung call keeps its slot after its timeout until the model settles it: here never, so after the first
  // 100 (maxInFlight) every sampled call is dropped (capacity). What this row shows is the cost of dropping.
  [
    'router, 1 shadow at 100%, hangs (timeout 1 s)',
    await router([{ model: 'v5', fraction: 1 }], { v5: () => new Promise(() => {}) }, { timeoutMs: 1000 }),
  ],
  [
    'router, 1 shadow at 100%, throws',
    await router([{ model: 'v5', fraction: 1 }], {
      v5: async () => {
        throw new Error('down');
      },
    }),
  ],
  [
    'router, 2 shadows at 100% + JSON-lines sink',
    await router(
      [
        { model: 'v5', fraction: 1 },
        { model: 'v6', fraction: 1, sampling: 'unit' },
      ],
      { v5: primary, v6: (x) => io(IO_MS, { score: (x + 1) % 100 }) },
      { sinks: [jsonLinesSink(join(dir, 'pairs.jsonl'))] },
    ),
  ],
];

const units = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);
const callOf = (r) => (r === null ? (i) => primary(i) : (i) => r.predict(i, { unit: units[i & 4095] }));
const p = (values, q) => percentile(values, q);

// Many short rounds, scenarios interleaved: a noisy neighbour or a GC pause lands on every scenario alike.
async function interleaved(list, rounds, perRound, measure) {
  const pooled = list.map(() => []);
  pooled.cpu = list.map(() => 0); // process CPU time (user + system), µs, spent while each scenario ran
  for (let round = 0; round <= rounds; round++) {
    for (const [s, [, r]] of list.entries()) {
      const cpu = process.cpuUsage();
      const values = await measure(callOf(r), perRound);
      const used = process.cpuUsage(cpu);
      if (round > 0) {
        for (const v of values) pooled[s].push(v); // round 0 warms up
        pooled.cpu[s] += used.user + used.system;
      }
    }
  }
  return pooled;
}
const report = (title, list, pooled, offIndex) =>
  table(
    title,
    ['scenario', 'p50', 'p99', 'p50 / off', 'p99 / off', 'CPU per call'],
    list.map(([label], s) => [
      label,
      `${p(pooled[s], 50).toFixed(3)} ms`,
      `${p(pooled[s], 99).toFixed(3)} ms`,
      s === 0 ? '–' : (p(pooled[s], 50) / p(pooled[offIndex], 50)).toFixed(3),
      s === 0 ? '–' : (p(pooled[s], 99) / p(pooled[offIndex], 99)).toFixed(3),
      `${(pooled.cpu[s] / pooled[s].length).toFixed(1)} µs`,
    ]),
  );

// Short rounds (about 50 ms each) so that bursts of load from other processes spread over all scenarios.
const ROUNDS = 200;
const PER_ROUND = 25;
const sequential = await interleaved(scenarios, ROUNDS, PER_ROUND, latencies);
report(
  `Caller latency of predict, one caller, async models with ${IO_MS} ms simulated I/O (${ROUNDS * PER_ROUND} calls each, ${ROUNDS} interleaved rounds)`,
  scenarios,
  sequential,
  1,
);

// Concurrent callers: 32 at a time, the shape of a busy service.
const CONCURRENCY = 32;
async function concurrent(call, total) {
  const out = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const start = process.hrtime.bigint();
        await call(i);
        out.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }),
  );
  return out;
}
const concurrentScenarios = [
  scenarios[0],
  scenarios[1],
  scenarios[2],
  scenarios[3],
  scenarios[4],
  scenarios[5],
  scenarios[8],
];
const parallel = await interleaved(concurrentScenarios, ROUNDS, PER_ROUND * 8, concurrent);
report(
  `Caller latency of predict, ${CONCURRENCY} concurrent callers, ${IO_MS} ms simulated I/O (${ROUNDS * PER_ROUND * 8} calls each)`,
  concurrentScenarios,
  parallel,
  1,
);

// The synchronous cost maybeMirror adds to a call, with an instant model (no I/O to hide it in).
const instant = async (x) => x;
const mk = (shadow, extra = {}) =>
  createRouter({
    route: 'fraud',
    models: { v3: instant, v5: instant },
    source: staticSource({ routes: { fraud: { champion: 'v3', weights: { v3: 1 }, ...(shadow ? { shadow } : {}) } } }),
    fallback: 'v3',
    shadow: extra,
  });
const cpuOff = await mk(undefined);
const cpuZero = await mk([{ model: 'v5', fraction: 0 }]);
const cpuUnit = await mk([{ model: 'v5', fraction: 0.5, sampling: 'unit' }], { maxInFlight: 1000 });
const cpuFull = await mk([{ model: 'v5', fraction: 1 }], { maxInFlight: 1000 });
const opts = { iterations: 200_000, rounds: 5, warmup: 20_000 };
// Every 100 calls the loop yields (as a server does between requests), so queued shadow calls run
// inside the measurement; without yields, a microtask-only loop would never let them start.
const yielding = (fn) => (i) =>
  i % 100 === 99 ? new Promise((resolve) => setImmediate(resolve)).then(() => fn(i)) : fn(i);
const bareNs = await measureAsync(
  yielding((i) => instant(i)),
  opts,
);
const rows = [
  ['bare async call', bareNs],
  [
    'router, shadows off',
    await measureAsync(
      yielding((i) => cpuOff.predict(i, { unit: units[i & 4095] })),
      opts,
    ),
  ],
  [
    'router, shadow at fraction 0',
    await measureAsync(
      yielding((i) => cpuZero.predict(i, { unit: units[i & 4095] })),
      opts,
    ),
  ],
  [
    'router, shadow per unit at 50% (+ the shadow calls)',
    await measureAsync(
      yielding((i) => cpuUnit.predict(i, { unit: units[i & 4095] })),
      opts,
    ),
  ],
  [
    'router, shadow at 100% (+ the shadow calls)',
    await measureAsync(
      yielding((i) => cpuFull.predict(i, { unit: units[i & 4095] })),
      opts,
    ),
  ],
];
table(
  'Time per awaited predict with an instant model (CPU only; shadow work runs on the same thread)',
  ['scenario', 'per call', 'vs shadows off'],
  rows.map(([label, ns]) => [label, fmt(ns), `${(ns / rows[1][1]).toFixed(2)}x`]),
);

// Memory with a shadow that never answers: bounded by maxInFlight, whatever the number of calls.
const hung = await createRouter({
  route: 'fraud',
  models: { v3: instant, v5: () => new Promise(() => {}) },
  source: staticSource({
    routes: { fraud: { champion: 'v3', weights: { v3: 1 }, shadow: [{ model: 'v5', fraction: 1 }] } },
  }),
  fallback: 'v3',
  shadow: { timeoutMs: 60_000 },
});
const heap = [];
for (let n = 0; n < 200_000; n++) {
  if (n % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
  await hung.predict({ id: n, payload: new Array(64).fill(n) });
  if (n % 50_000 === 49_999) {
    globalThis.gc?.();
    heap.push(process.memoryUsage().heapUsed);
  }
}
table(
  'Heap with a never-answering shadow at 100% (maxInFlight 100, timeout 60 s)',
  ['calls', 'heapUsed after GC'],
  heap.map((h, i) => [`${(i + 1) * 50}k`, `${(h / 1048576).toFixed(1)} MiB`]),
);

console.log(`${machine()}${globalThis.gc ? '' : ' (run with --expose-gc for the heap table to be after GC)'}\n`);
for (const [, r] of scenarios) await r?.close();
for (const r of [cpuOff, cpuZero, cpuUnit, cpuFull, hung]) await r.close();
rmSync(dir, { recursive: true, force: true });
