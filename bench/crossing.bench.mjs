// Issue 17: what one call to a worker thread costs the caller's thread, by layer. A workerModel shadow's
// copies that run cost the caller this much each, and on a 2-core machine they are the p99 of
// bench/worker.bench.mjs. Three ways to send a tiny input to a thread that answers at once, interleaved round
// by round in one process: bare worker_threads (postMessage and a message back), piscina's run() (the
// maintained pool workerModel was first built on) and a workerModel (its own pool since the seventh pass). Per call: the latency, and the caller's event loop busy; then,
// with a call every 2 ms to a thread asleep in between, the caller's CPU per call.
import { existsSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { workerModel } from '@modelroute/worker';
import { Piscina } from 'piscina';
import { machine, table } from './harness.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const CALLS = 2000;
const echo = new URL('./models/echo.mjs', import.meta.url);

const raw = new Worker(
  "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m.features.length));",
  { eval: true },
);
const pool = new Piscina({ filename: echo.href, minThreads: 1, maxThreads: 1, recordTiming: false });
const model = workerModel(echo, { threads: 1 });
const scenarios = [
  [
    'bare worker_threads (postMessage, one message back)',
    (x) => new Promise((r) => raw.once('message', r).postMessage(x)),
  ],
  ["piscina's run()", (x) => pool.run(x)],
  ['workerModel (its pool, and classification, timeout, capacity)', (x) => model(x)],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const latency = scenarios.map(() => []);
const busy = scenarios.map(() => []);
for (let round = 0; round <= ROUNDS; round++) {
  for (let k = 0; k < scenarios.length; k++) {
    const s = (k + round) % scenarios.length;
    const call = scenarios[s][1];
    const used = performance.eventLoopUtilization();
    const start = performance.now();
    for (let i = 0; i < CALLS; i++) await call({ features: [i] });
    const elapsed = performance.now() - start;
    const { active } = performance.eventLoopUtilization(used);
    if (round === 0) continue; // warm-up
    latency[s].push((elapsed / CALLS) * 1000);
    busy[s].push((active / CALLS) * 1000);
  }
}
table(
  `One call to a thread that answers at once, ${CALLS} calls one after another, median of ${ROUNDS} interleaved rounds — ${machine()}`,
  ['scenario', 'latency per call', "caller's event loop busy per call"],
  scenarios.map(([label], s) => [label, `${median(latency[s]).toFixed(1)} µs`, `${median(busy[s]).toFixed(1)} µs`]),
);

// A call every 2 ms, as a shadow copy finds a pool whose thread went back to sleep: what waking it (or not)
// costs the caller's thread. CPU from the scheduler's own account of this thread (Linux), against the same
// loop of 2 ms timers with no call, paired round by round.
const SCHEDSTAT = '/proc/thread-self/schedstat';
if (existsSync(SCHEDSTAT)) {
  const threadCpu = () => Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]);
  const GAPPED = 150;
  const idle = [...scenarios, ['no call (the timers alone)', undefined]];
  const cpu = idle.map(() => []);
  for (let round = 0; round <= ROUNDS; round++) {
    for (let k = 0; k < idle.length; k++) {
      const s = (k + round) % idle.length;
      const call = idle[s][1];
      const before = threadCpu();
      for (let i = 0; i < GAPPED; i++) {
        if (call !== undefined) call({ features: [i] });
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (round > 0) cpu[s].push((threadCpu() - before) / GAPPED / 1000);
    }
  }
  const none = median(cpu[idle.length - 1]);
  table(
    `A call every 2 ms to a thread asleep in between, ${GAPPED} calls a round, median of ${ROUNDS} interleaved rounds — ${machine()}`,
    ['scenario', "caller's thread CPU per call, over the timers alone"],
    scenarios.map(([label], s) => [label, `${(median(cpu[s]) - none).toFixed(1)} µs`]),
  );
}
await raw.terminate();
await pool.destroy();
await model.close();
