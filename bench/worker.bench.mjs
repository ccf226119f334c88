// Issue 17, must show: the caller's p99 at 32 concurrent callers while a shadow burns 2 ms of CPU per
// call. The primary is an async model with 2 ms of simulated I/O (as in shadow.bench.mjs). Scenarios,
// interleaved round by round in one process:
//   - shadows off, and an A/A control (the run's noise floor);
//   - the shadow as a workerModel: threads = the spare cores (availableParallelism() - 1), maxQueue 0: a
//     copy that finds every thread busy is dropped and counted (reason `capacity`), never queued; with
//     priority 'low' (what the docs recommend for a shadow-only pool: its threads never take a core from the
//     caller's thread) and, for comparison, at normal priority;
//   - the same shadow in-thread (the function called on the caller's event loop), for comparison.
// Target: workerModel shadow p99 <= 1.1 x shadows off.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createRouter, staticSource } from '@modelroute/core';
import { workerModel } from '@modelroute/worker';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { machine, percentile, table } from './harness.mjs';
import burn from './models/burn.mjs';

const IO_MS = 2;
const CONCURRENCY = 32;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const PER_ROUND = 200;
const io = (ms, value) => new Promise((resolve) => setTimeout(resolve, ms, value));
const primary = (x) => io(IO_MS, { score: x % 100 });

class Reader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}
const threads = Math.max(1, availableParallelism() - 1);
// WORKER_BENCH_MODEL=idle: the shadow blocks its thread for 2 ms without using CPU (a diagnostic: what the
// crossing to the pool costs the callers when the model takes no core from them).
const idle = process.env.WORKER_BENCH_MODEL === 'idle';
const burnModule = new URL(idle ? './models/idle.mjs' : './models/burn.mjs', import.meta.url);
const burner = workerModel(burnModule, { threads, maxQueue: 0, priority: 'low' });
const normalBurner = workerModel(burnModule, { threads, maxQueue: 0 });
const pools = [burner, normalBurner];
// Linux: the time the caller's thread was runnable but waiting for a core (ns), from the scheduler's statistics.
const SCHEDSTAT = '/proc/thread-self/schedstat';
const waited = existsSync(SCHEDSTAT) ? () => Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[1]) : () => Number.NaN;

async function router(shadowModel) {
  const reader = new Reader();
  const r = await createRouter({
    route: 'fraud',
    models: { v3: primary, ...(shadowModel ? { v5: shadowModel } : {}) },
    source: staticSource({
      routes: {
        fraud: {
          champion: 'v3',
          weights: { v3: 1 },
          ...(shadowModel ? { shadow: [{ model: 'v5', fraction: 1 }] } : {}),
        },
      },
    }),
    fallback: 'v3',
    meterProvider: new MeterProvider({ readers: [reader] }),
  });
  r.reader = reader;
  return r;
}
const scenarios = [
  ['router, shadows off', await router()],
  ['router, shadows off (A/A control)', await router()],
  [
    `shadow as workerModel (${threads} thread${threads > 1 ? 's' : ''}, maxQueue 0, priority low)`,
    await router(burner),
  ],
  [`shadow as workerModel (same, priority normal)`, await router(normalBurner)],
  ['shadow in-thread (same function)', await router(idle ? (await import('./models/idle.mjs')).default : burn)],
];

const units = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);
async function concurrent(r, total) {
  const out = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const start = process.hrtime.bigint();
        await r.predict(i, { unit: units[i & 4095] });
        out.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }),
  );
  return out;
}
const pooled = scenarios.map(() => []);
const cpu = scenarios.map(() => 0);
const wait = scenarios.map(() => 0);
for (let round = 0; round <= ROUNDS; round++) {
  for (let k = 0; k < scenarios.length; k++) {
    const s = (k + round) % scenarios.length;
    const used = performance.eventLoopUtilization();
    const waitedBefore = waited();
    const values = await concurrent(scenarios[s][1], PER_ROUND);
    const u = performance.eventLoopUtilization(used);
    const waitedNs = waited() - waitedBefore;
    // Let the shadow work a scenario queued finish before the next scenario's round starts: the in-thread
    // copies run in one deferred batch (setImmediate, already queued), which ends before this timer fires;
    // the worker's copies are done when the pool has none pending.
    do await new Promise((resolve) => setTimeout(resolve, 1));
    while (pools.some((pool) => pool.pending > 0));
    if (round === 0) continue; // warm-up
    for (const v of values) pooled[s].push(v);
    cpu[s] += u.active * 1000; // µs the caller's event loop was busy
    wait[s] += waitedNs / 1000;
  }
}

async function shadowCounts(r) {
  const { resourceMetrics } = await r.reader.collect();
  const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  const sum = (name, pick) =>
    (metrics.find((m) => m.descriptor.name === name)?.dataPoints ?? [])
      .filter(pick)
      .reduce((n, p) => n + (typeof p.value === 'number' ? p.value : p.value.count), 0);
  return {
    ran: sum('modelroute.prediction.duration', (p) => p.attributes['modelroute.prediction.role'] === 'shadow'),
    dropped: sum('modelroute.shadow.drops', (p) => p.attributes['modelroute.shadow.drop_reason'] === 'capacity'),
  };
}
const off = pooled[0];
const rows = [];
for (const [s, [label, r]] of scenarios.entries()) {
  const counts = s >= 2 ? await shadowCounts(r) : undefined;
  rows.push([
    label,
    `${percentile(pooled[s], 50).toFixed(3)} ms`,
    `${percentile(pooled[s], 99).toFixed(3)} ms`,
    (percentile(pooled[s], 99) / percentile(off, 99)).toFixed(3),
    `${(cpu[s] / pooled[s].length).toFixed(1)} µs`,
    Number.isNaN(wait[s]) ? '–' : `${(wait[s] / pooled[s].length).toFixed(1)} µs`,
    counts === undefined ? '–' : `${counts.ran} run, ${counts.dropped} dropped`,
  ]);
}
table(
  `Caller latency at ${CONCURRENCY} concurrent callers, primary 2 ms I/O, shadow ${idle ? 'blocking 2 ms without CPU' : 'burning 2 ms CPU'} per call at 100% (${ROUNDS} interleaved rounds of ${PER_ROUND} calls)`,
  [
    'scenario',
    'p50',
    'p99',
    'p99 / off',
    'event loop busy per call',
    "caller's thread waiting for a core, per call",
    'shadow copies',
  ],
  rows,
);
const ratio = percentile(pooled[2], 99) / percentile(off, 99);
const control = percentile(pooled[1], 99) / percentile(off, 99);
console.log(
  `target: workerModel shadow p99 <= 1.1 x shadows off: ${ratio.toFixed(3)} x -> ${ratio <= 1.1 ? 'met' : 'NOT met'} (A/A control ${control.toFixed(3)} x); ${machine()}, availableParallelism ${availableParallelism()}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
for (const [, r] of scenarios) await r.close();
