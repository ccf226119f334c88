import { Worker } from 'node:worker_threads';
import { createRouter, staticSource } from '@modelroute/core';
import { workerModel } from '@modelroute/worker';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { percentile } from '../harness.mjs';
const io = (ms, value) => new Promise((resolve) => setTimeout(resolve, ms, value));
const primary = (x) => io(2, { score: x % 100 });
class Reader extends MetricReader { async onForceFlush() {} async onShutdown() {} }
const pool = workerModel(new URL('../models/burn.mjs', import.meta.url), { threads: 1, maxQueue: 0, priority: 'low' });
const batchers = [];
// A one-thread pool that takes up to `k` copies per crossing: copies queued in one turn go in one message.
function batched(k) {
  const w = new Worker(new URL('./batch-worker.mjs', import.meta.url)); w.unref();
  let queued = [], inFlight = 0, waiting = [], copies = 0;
  const st = { get pending() { return inFlight + queued.length; }, get copies() { return copies; } }; batchers.push(st);
  w.on('message', (outs) => { const ws = waiting.shift(); inFlight -= outs.length; outs.forEach((o, i) => ws[i](o)); });
  const flush = () => { const batch = queued; queued = []; if (!batch.length) return; inFlight += batch.length; waiting.push(batch.map((b) => b.resolve)); w.postMessage(batch.map((b) => b.x)); };
  const m = (x) => new Promise((resolve) => { copies++; if (queued.length === 0) setImmediate(flush); queued.push({ x, resolve }); });
  return Object.assign(m, { capacity: () => k - inFlight - queued.length, st });
}
let poolCopies = 0;
const counted = Object.assign((x) => { poolCopies++; return pool(x); }, { capacity: () => pool.capacity() });
async function router(m) {
  return createRouter({ route: 'fraud', models: { v3: primary, ...(m ? { v5: m } : {}) },
    source: staticSource({ routes: { fraud: { champion: 'v3', weights: { v3: 1 }, ...(m ? { shadow: [{ model: 'v5', fraction: 1 }] } : {}) } } }),
    fallback: 'v3', meterProvider: new MeterProvider({ readers: [new Reader()] }) });
}
const b1 = batched(1), b4 = batched(4), b8 = batched(8);
const names = ['off', 'off (A/A)', 'workerModel', 'bare k=1', 'bare k=4', 'bare k=8'];
const sc = [await router(), await router(), await router(counted), await router(b1), await router(b4), await router(b8)];
const copiesOf = [() => 0, () => 0, () => poolCopies, () => b1.st.copies, () => b4.st.copies, () => b8.st.copies];
const units = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);
async function concurrent(r, total) { const out = []; let next = 0;
  await Promise.all(Array.from({ length: 32 }, async () => { while (next < total) { const i = next++; const t = process.hrtime.bigint(); await r.predict(i, { unit: units[i & 4095] }); out.push(Number(process.hrtime.bigint() - t) / 1e6); } })); return out; }
const pooled = sc.map(() => []), rp = sc.map(() => []), busyT = sc.map(() => 0), cop = sc.map(() => 0);
const ROUNDS = Number(process.env.ROUNDS ?? 150);
for (let round = 0; round < 10 + ROUNDS; round++) for (let k = 0; k < sc.length; k++) {
  const s = (k + round) % sc.length; const u0 = performance.eventLoopUtilization(); const c0 = copiesOf[s]();
  const v = await concurrent(sc[s], 200); const u = performance.eventLoopUtilization(u0);
  do await io(1); while (pool.pending > 0 || batchers.some((b) => b.pending > 0));
  if (round < 10) continue; pooled[s].push(...v); rp[s].push(percentile(v, 99)); busyT[s] += u.active * 1000; cop[s] += copiesOf[s]() - c0;
}
const off = percentile(pooled[0], 99);
for (let s = 0; s < sc.length; s++) console.log(names[s].padEnd(12), 'p99', percentile(pooled[s], 99).toFixed(3), 'pooled', (percentile(pooled[s], 99) / off).toFixed(3), 'paired', percentile(rp[s].map((p, i) => p / rp[0][i]), 50).toFixed(3), 'busy/call', (busyT[s] / pooled[s].length).toFixed(1), 'copies', cop[s]);
process.exit(0);
