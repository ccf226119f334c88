// Issue 17: modelroute next to what teams use today, in one process, every SDK offline (no network):
//   1. speed of the same sticky 2-variant choice (50/50) per call, interleaved rounds, median round;
//   2. share accuracy at 100,000 units (a 90/10 split: the observed share of the 10% arm);
//   3. stability: the fraction of units that move between the two other arms when one of three grows
//      (20% -> 40%, the other two keeping their 1:1 ratio): any such move is a unit reassigned for nothing;
//   4. the whole stack: router.predict with the guard and the OpenTelemetry SDK next to a flag SDK plus a
//      breaker (cockatiel, opossum) plus the hand-written metrics, around the same model.
// Each peer's set-up lives in bench/peers/<peer>.mjs.
import { loadavg } from 'node:os';
import { createRouter, staticSource } from '@modelroute/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { SamplingBreaker, circuitBreaker, handleAll } from 'cockatiel';
import CircuitBreaker from 'opossum';
import { fmt, machine, measureAsync, measureSync, table } from './harness.mjs';
import { eppo } from './peers/eppo.mjs';
import { flagd } from './peers/flagd.mjs';
import { growthBook } from './peers/growthbook.mjs';
import { handWrittenCall } from './peers/hand-written-otel.mjs';
import { launchDarkly } from './peers/launchdarkly.mjs';
import { modelrouteDecide, modelroutePredict } from './peers/modelroute.mjs';
import { unleash } from './peers/unleash.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const UNITS = 100_000;
const peers = [
  ['modelroute router.decide', modelrouteDecide],
  ['modelroute router.predict (choice + model call)', modelroutePredict],
  ['LaunchDarkly v9 variation (percentage rollout, TestData)', launchDarkly],
  ['GrowthBook GrowthBookClient (experiment rule)', growthBook],
  ['Unleash getVariant (bootstrap, flexibleRollout variants)', unleash],
  ['Eppo getStringAssignment (in-memory configuration)', eppo],
  ['OpenFeature + flagd in-process provider (flag file, fractional)', flagd],
];
const units = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);
const bare = async (x) => x;

// 1. Speed. Synchronous APIs are timed as plain calls; asynchronous ones awaited one after another.
const speedPeers = [];
for (const [label, make] of peers) speedPeers.push([label, await make({ a: 50, b: 50 })]);
const scenarios = [
  ['bare async call (no choice)', false, (i) => bare(i)],
  ...speedPeers.map(([label, p]) => [label, p.sync, (i) => p.choose(units[i & 4095])]),
];
const samples = scenarios.map(() => []);
const syncRound = { iterations: 200_000, rounds: 1, warmup: 20_000 };
const asyncRound = { iterations: 50_000, rounds: 1, warmup: 5_000 };
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < scenarios.length; k++) {
    const s = (k + r) % scenarios.length;
    const [, sync, fn] = scenarios[s];
    samples[s].push(sync ? measureSync(fn, syncRound) : await measureAsync(fn, asyncRound));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const speed = samples.map(median);
const decideNs = speed[1];
const predictNs = speed[2];

// 2 and 3. Accuracy and stability, at 100,000 units.
const allUnits = Array.from({ length: UNITS }, (_, i) => `unit-${i}`);
async function assign(make, weights) {
  const peer = await make(weights);
  const out = new Array(UNITS);
  for (let i = 0; i < UNITS; i++) out[i] = await peer.choose(allUnits[i]);
  await peer.close();
  return out;
}
const quality = [];
for (const [label, make] of peers) {
  const split = await assign(make, { a: 90, b: 10 });
  const share = split.filter((v) => v === 'b').length / UNITS;
  const before = await assign(make, { a: 40, b: 40, c: 20 });
  const after = await assign(make, { a: 30, b: 30, c: 40 });
  let across = 0;
  let intoC = 0;
  let outOfC = 0;
  for (let i = 0; i < UNITS; i++) {
    if (before[i] === after[i]) continue;
    if (before[i] !== 'c' && after[i] !== 'c') across++;
    else if (after[i] === 'c') intoC++;
    else outOfC++;
  }
  quality.push({ label, share, across: across / UNITS, intoC: intoC / UNITS, outOfC: outOfC / UNITS });
}
for (const [, p] of speedPeers) await p.close();

console.log(
  `## Peers (issue 17)\n\n${machine()}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; ${ROUNDS} interleaved rounds; every SDK offline\n`,
);
const sd = Math.sqrt((0.1 * 0.9) / UNITS);
table(
  'The same sticky 2-variant choice (50/50) per call, and its quality at 100,000 units',
  [
    'SDK',
    'per call',
    'vs router.decide',
    'vs router.predict',
    'share of a 10% arm',
    'error (SDs)',
    'units moved between a and b when c grows 20% → 40%',
    'moved into c',
  ],
  scenarios.map(([label], s) => {
    const q = quality[s - 1];
    return [
      label,
      fmt(speed[s]),
      s === 0 ? '–' : `${(speed[s] / decideNs).toFixed(2)}x`,
      s === 0 ? '–' : `${(speed[s] / predictNs).toFixed(2)}x`,
      q === undefined ? '–' : `${(q.share * 100).toFixed(2)}%`,
      q === undefined ? '–' : ((q.share - 0.1) / sd).toFixed(1),
      q === undefined ? '–' : `${(q.across * 100).toFixed(2)}%`,
      q === undefined
        ? '–'
        : `${(q.intoC * 100).toFixed(2)}%${q.outOfC > 0 ? ` (and ${(q.outOfC * 100).toFixed(2)}% out of c)` : ''}`,
    ];
  }),
);

// 4. The whole stack around the same model: a choice, a breaker, metrics through the OpenTelemetry SDK.
class Reader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}
const meter = () => new MeterProvider({ readers: [new Reader()] }).getMeter('app');
const models = { a: bare, b: bare };
const router = await createRouter({
  route: 'exp',
  models,
  source: staticSource({
    routes: {
      exp: {
        champion: 'a',
        weights: { a: 50, b: 50 },
        salt: 'bench',
        guard: { errorRateRatio: 5, p99LatencyMs: 250, invalidRate: 0.01, failover: true },
      },
    },
  }),
  fallback: 'a',
  meterProvider: new MeterProvider({ readers: [new Reader()] }),
});
const ld = await launchDarkly({ a: 50, b: 50 });
const sampling = circuitBreaker(handleAll, {
  halfOpenAfter: 30_000,
  breaker: new SamplingBreaker({ threshold: 0.2, duration: 60_000, minimumRps: 1 }),
});
const opossum = { a: new CircuitBreaker(bare, { rollingCountTimeout: 60_000, timeout: false }) };
opossum.b = new CircuitBreaker(bare, { rollingCountTimeout: 60_000, timeout: false });
const ldCockatiel = handWrittenCall(meter(), 'exp', ld.choose, (v, i) => sampling.execute(() => models[v](i)));
const ldOpossum = handWrittenCall(meter(), 'exp', ld.choose, (v, i) => opossum[v].fire(i));
const stack = [
  ['bare async model call', (i) => bare(i)],
  [
    'modelroute router.predict: guard (3 triggers, failover) + OTel SDK metrics',
    (i) => router.predict(i, { unit: units[i & 4095] }),
  ],
  [
    'LaunchDarkly variation + cockatiel SamplingBreaker + hand-written OTel SDK metrics',
    (i) => ldCockatiel(i, units[i & 4095]),
  ],
  ['LaunchDarkly variation + opossum + hand-written OTel SDK metrics', (i) => ldOpossum(i, units[i & 4095])],
];
const stackSamples = stack.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < stack.length; k++) {
    const s = (k + r) % stack.length;
    stackSamples[s].push(await measureAsync(stack[s][1], asyncRound));
  }
}
const stackNs = stackSamples.map(median);
table(
  'The whole stack per call: choice + breaker + metrics (OpenTelemetry SDK with a reader), same model',
  ['stack', 'per call', 'over bare call', 'vs modelroute'],
  stack.map(([label], s) => [
    label,
    fmt(stackNs[s]),
    s === 0 ? '–' : fmt(stackNs[s] - stackNs[0]),
    s === 0 ? '–' : `${(stackNs[s] / stackNs[1]).toFixed(2)}x`,
  ]),
);
await router.close();
await ld.close();
for (const b of Object.values(opossum)) b.shutdown();
