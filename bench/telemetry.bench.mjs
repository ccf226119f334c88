// Issue 3: what OpenTelemetry metrics cost on predict(), in one run:
//   - a bare async model call (the floor);
//   - the router with telemetry off (a no-op meterProvider: the router gets no-op metrics);
//   - the router with no SDK registered (the default: the global provider, watched for a late SDK);
//   - the router with the OpenTelemetry SDK and a reader;
//   - the hand-written equivalent a user would otherwise write with the same SDK: a flag lookup,
//     counter.add and histogram.record around the model call;
//   - one histogram.record with the router's attributes (the unit of the SDK-on target).
// Targets: SDK on, the router's whole overhead (predict - bare call) <= 1.5 x one histogram.record;
// no SDK, predict <= 1.1 x predict with telemetry off.
//
// Odd choice, justified by this benchmark: the scenarios are measured in interleaved short rounds
// (harness rounds of 1, rotating order, median of ROUNDS) rather than one after another. On the shared
// 2-core machine the figure of one scenario moved by up to 2x from one second to the next; back-to-back
// measurement put that noise into the ratios, interleaving spreads it over all scenarios alike. The
// price: the router's call sites into its metrics see both the no-op object and the SDK-backed class,
// as no application does; that costs every router scenario alike (a 2-way inline cache).
import { loadavg } from 'node:os';
import { createNoopMeter, metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { ATTR, DURATION_BUCKETS_S, INSTRUMENTS, createRouter, staticSource } from '@modelroute/core';
import { fmt, machine, measureAsync, measureSync, table } from './harness.mjs';
import { handWrittenCall } from './peers/hand-written-otel.mjs';

class Reader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

const ROUTE = 'bench';
const units = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);
const model = async (x) => x + 1;
const models = { stable: model, canary: model };
const source = () => staticSource({ routes: { [ROUTE]: { champion: 'stable', weights: { stable: 95, canary: 5 } } } });
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const asyncRound = { iterations: 100_000, rounds: 1, warmup: 5_000 };
const syncRound = { iterations: 300_000, rounds: 1, warmup: 20_000 };

async function routerWith(meterProvider) {
  return createRouter({
    route: ROUTE,
    models,
    source: source(),
    fallback: 'stable',
    ...(meterProvider ? { meterProvider } : {}),
  });
}

const off = await routerWith({ getMeter: () => createNoopMeter() });
const noSdk = await routerWith(undefined); // the global provider, no SDK registered
const reader = new Reader();
const sdk = await routerWith(new MeterProvider({ readers: [reader] }));
// The hand-written equivalent with a flag lookup from a precomputed Map (a flag SDK's best case).
const assignments = new Map(units.map((u) => [u, sdk.decide(u).variant]));
const handWritten = handWrittenCall(
  new MeterProvider({ readers: [new Reader()] }).getMeter('app'),
  ROUTE,
  (unit) => assignments.get(unit),
  (variant, i) => models[variant](i),
);
const handCall = (i) => handWritten(i, units[i & 4095]);
const refHistogram = new MeterProvider({ readers: [new Reader()] })
  .getMeter('reference')
  .createHistogram('reference.duration', { unit: 's', advice: { explicitBucketBoundaries: DURATION_BUCKETS_S } });
const refAttributes = { [ATTR.route]: ROUTE, [ATTR.variant]: 'stable', [ATTR.role]: 'primary', [ATTR.outcome]: 'ok' };

const scenarios = {
  bare: () => measureAsync((i) => model(i), asyncRound),
  off: () => measureAsync((i) => off.predict(i, { unit: units[i & 4095] }), asyncRound),
  noSdk: () => measureAsync((i) => noSdk.predict(i, { unit: units[i & 4095] }), asyncRound),
  sdk: () => measureAsync((i) => sdk.predict(i, { unit: units[i & 4095] }), asyncRound),
  hand: () => measureAsync(handCall, asyncRound),
  record: async () => measureSync((i) => refHistogram.record((i & 1023) / 1e6, refAttributes), syncRound),
};

const names = Object.keys(scenarios);
const samples = Object.fromEntries(names.map((n) => [n, []]));
const cpuSamples = Object.fromEntries(names.map((n) => [n, []]));
const callsPerRound = (name) =>
  name === 'record' ? syncRound.warmup + syncRound.iterations : asyncRound.warmup + asyncRound.iterations;
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + r) % names.length];
    const cpu0 = process.cpuUsage();
    samples[name].push(await scenarios[name]());
    const cpu = process.cpuUsage(cpu0);
    cpuSamples[name].push(((cpu.user + cpu.system) * 1000) / callsPerRound(name));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const wall = Object.fromEntries(names.map((n) => [n, median(samples[n])]));

// The SDK router must have measured every call it made, or the figure is of a router that skipped work.
const { resourceMetrics } = await reader.collect();
const durations = resourceMetrics.scopeMetrics
  .flatMap((s) => s.metrics)
  .find((m) => m.descriptor.name === INSTRUMENTS.predictionDuration.name);
const recorded = durations.dataPoints.reduce((n, p) => n + p.value.count, 0);
if (recorded !== ROUNDS * callsPerRound('sdk'))
  throw new Error(`the SDK router recorded ${recorded} calls of ${ROUNDS * callsPerRound('sdk')}`);
const cpu = Object.fromEntries(names.map((n) => [n, median(cpuSamples[n])]));

console.log(
  `## Telemetry (issue 3)\n\n${machine()}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )}; global provider without SDK: ${metrics.getMeterProvider().constructor.name}; ${ROUNDS} interleaved rounds\n`,
);
const rowsFor = (m) => [
  ['bare async model call', fmt(m.bare), '-'],
  ['router, telemetry off (no-op meterProvider)', fmt(m.off), fmt(m.off - m.bare)],
  ['router, no SDK registered (default)', fmt(m.noSdk), fmt(m.noSdk - m.bare)],
  ['router, SDK + reader', fmt(m.sdk), fmt(m.sdk - m.bare)],
  ['hand-written: flag lookup + counter.add + histogram.record, SDK', fmt(m.hand), fmt(m.hand - m.bare)],
  ['one histogram.record, 4 attributes, SDK (sync)', fmt(m.record), '-'],
];
table(
  'predict() with OpenTelemetry metrics: wall time per call, median round (2 variants, 95/5, sticky units)',
  ['scenario', 'per call', 'overhead over bare call'],
  rowsFor(wall),
);
table(
  'The same, CPU time per call (user + system of the process, median round, its warm-up included)',
  ['scenario', 'per call', 'overhead over bare call'],
  rowsFor(cpu),
);
for (const [label, m] of [
  ['wall', wall],
  ['cpu', cpu],
]) {
  const whole = m.sdk - m.bare;
  console.log(
    `${label}: telemetry's own cost with the SDK (SDK - off) ${fmt(m.sdk - m.off)} = ${((m.sdk - m.off) / m.record).toFixed(2)} x histogram.record`,
  );
  console.log(
    `${label}: target SDK on: router's whole overhead ${fmt(whole)} <= 1.5 x histogram.record (${fmt(1.5 * m.record)}): ${(whole / m.record).toFixed(2)} x -> ${whole <= 1.5 * m.record ? 'met' : 'NOT met'}`,
  );
  console.log(
    `${label}: target no SDK: ${fmt(m.noSdk)} <= 1.1 x telemetry off (${fmt(1.1 * m.off)}): ${(m.noSdk / m.off).toFixed(3)} x -> ${m.noSdk <= 1.1 * m.off ? 'met' : 'NOT met'}`,
  );
  console.log(`${label}: router + SDK vs hand-written + SDK: ${(m.sdk / m.hand).toFixed(2)} x`);
}
console.log('');
await Promise.all([off.close(), noSdk.close(), sdk.close()]);
