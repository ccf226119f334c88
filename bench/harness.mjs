// A tiny benchmark harness: every scenario runs in the same process and run, in rounds, and we keep
// the median round so that a GC pause or a noisy neighbour in one round does not move the figure.
import { cpus } from 'node:os';

export function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `Node ${process.version}, ${cpu} (${cpus().length} cores), ${process.platform}/${process.arch}`;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** ns per call of a synchronous `fn(i)`, median of `rounds` rounds of `iterations` calls. */
export function measureSync(fn, { iterations = 1_000_000, rounds = 7, warmup = 200_000 } = {}) {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += fn(i) ? 1 : 0;
  const results = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink += fn(i) ? 1 : 0;
    results.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  globalThis.__benchSink = sink;
  return median(results);
}

/** ns per call of an async `fn(i)` awaited one after another, median of `rounds` rounds. */
export async function measureAsync(fn, { iterations = 300_000, rounds = 7, warmup = 50_000 } = {}) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const results = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn(i);
    results.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  return median(results);
}

/** Per-call latencies (ms) of `count` awaited calls, for percentiles. */
export async function latencies(fn, count) {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    out[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return out;
}

export function percentile(values, p) {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Prints a markdown table: rows of [label, ...cells]. */
export function table(title, header, rows) {
  const lines = [`### ${title}`, '', `| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  console.log(`${lines.join('\n')}\n`);
}

export const fmt = (ns) => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
