// Issue 6: what flag-controlled weights cost per call, in one run.
// - Document mode (LaunchDarkly v9/v7, OpenFeature) next to the static and file sources: once a document
//   is applied every source shares one call path, so these should match.
// - Delegate mode next to a bare flag evaluation with the same context: the router's cost on top of
//   the SDK's own variation() / getStringValue().
// Real SDKs on in-memory data (LaunchDarkly TestData, OpenFeature's in-memory provider); no network.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter, fileSource, staticSource } from '@modelroute/core';
import { fmt, measureAsync, table } from './harness.mjs';

// The flag packages and SDKs are dependencies of packages/launchdarkly and packages/openfeature.
const ldRequire = createRequire(new URL('../packages/launchdarkly/package.json', import.meta.url));
const ofRequire = createRequire(new URL('../packages/openfeature/package.json', import.meta.url));
const { launchDarklySource } = await import(new URL('../packages/launchdarkly/dist/index.js', import.meta.url));
const { openFeatureSource } = await import(new URL('../packages/openfeature/dist/index.js', import.meta.url));
const ld9 = ldRequire('@launchdarkly/node-server-sdk');
const ld7 = ldRequire('launchdarkly-node-server-sdk');
const ld7integrations = ldRequire('launchdarkly-node-server-sdk/integrations');
const { OpenFeature, TypedInMemoryProvider } = ofRequire('@openfeature/server-sdk');

const units = Array.from({ length: 4096 }, (_, i) => `user-${i * 7919}`);
const model = async (x) => x + 1;
const models = { 'fraud-v3': model, 'fraud-v4': model };
const routeDoc = { champion: 'fraud-v3', weights: { 'fraud-v3': 95, 'fraud-v4': 5 }, salt: 'bench' };
const docFlag = 'fraud-score-rollout';
const variantFlag = 'fraud-variant';
const rollout = {
  key: variantFlag,
  version: 1,
  on: true,
  salt: 'bench',
  variations: ['fraud-v3', 'fraud-v4'],
  offVariation: 0,
  fallthrough: {
    rollout: {
      variations: [
        { variation: 0, weight: 95000 },
        { variation: 1, weight: 5000 },
      ],
    },
  },
  targets: [],
  contextTargets: [],
  rules: [],
  prerequisites: [],
  trackEvents: false,
  trackEventsFallthrough: false,
};
const offline = {
  sendEvents: false,
  diagnosticOptOut: true,
  baseUri: 'http://127.0.0.1:9',
  streamUri: 'http://127.0.0.1:9',
  eventsUri: 'http://127.0.0.1:9',
};
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function ld9Client() {
  const td = new ld9.integrations.TestData();
  await td.update(td.flag(docFlag).valueForAll(routeDoc));
  await td.usePreconfiguredFlag(rollout);
  const client = ld9.init('bench-key', { ...offline, logger: quiet, updateProcessor: td.getFactory() });
  await client.waitForInitialization({ timeout: 5 });
  return client;
}
async function ld7Client() {
  const td = ld7integrations.TestData();
  await td.update(td.flag(docFlag).valueForAll(routeDoc));
  await td.usePreconfiguredFlag(rollout);
  const client = ld7.init('bench-key', { ...offline, logger: quiet, updateProcessor: td });
  await client.waitForInitialization();
  return client;
}
async function ofClient() {
  const variants = { v3: 'fraud-v3', v4: 'fraud-v4' };
  const provider = new TypedInMemoryProvider({
    [docFlag]: { variants: { only: routeDoc }, defaultVariant: 'only', disabled: false },
    [variantFlag]: {
      variants,
      defaultVariant: 'v3',
      disabled: false,
      contextEvaluator: (ctx) => (ctx.targetingKey.length % 20 === 0 ? 'v4' : 'v3'),
    },
  });
  await OpenFeature.setProviderAndWait('bench', provider);
  return OpenFeature.getClient('bench');
}
const router = (source) => createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
const predict = (r) => measureAsync((i) => r.predict(i, { unit: units[i & 4095] }));

const dir = mkdtempSync(join(tmpdir(), 'modelroute-bench-flags-'));
const file = join(dir, 'rollout.json');
writeFileSync(file, JSON.stringify({ routes: { 'fraud-score': routeDoc } }));
const [c9, c7, of] = [await ld9Client(), await ld7Client(), await ofClient()];
const sources = [];
const src = (s) => (sources.push(s), s);

// Scenarios are measured round-robin (one round of each, in turn) and each keeps its median round, so
// that a noisy moment or the JIT's order effects do not favour whichever scenario runs first.
async function interleaved(fns, { iterations, rounds = 7, warmup = iterations / 5 }) {
  for (const fn of fns) await measureAsync(fn, { iterations: warmup, rounds: 1, warmup: 0 });
  const samples = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [k, fn] of fns.entries()) samples[k].push(await measureAsync(fn, { iterations, rounds: 1, warmup: 0 }));
  }
  return samples.map((xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
}

// Document mode: the same call path as every other source once the document is applied.
const docScenarios = [
  ['staticSource', staticSource({ routes: { 'fraud-score': routeDoc } })],
  ['fileSource', src(fileSource(file))],
  ['launchDarklySource v9 (document)', src(launchDarklySource({ client: c9, flagKey: docFlag }))],
  ['launchDarklySource v7 (document)', src(launchDarklySource({ client: c7, flagKey: docFlag }))],
  ['openFeatureSource (document)', src(openFeatureSource({ client: of, flagKey: docFlag }))],
];
const docRouters = [];
for (const [label, source] of docScenarios) {
  const r = await router(source);
  if (r.decide('u').reason !== 'weighted') throw new Error(`${label}: the document did not apply`);
  docRouters.push(r);
}
const [bare, ...docNs] = await interleaved(
  [(i) => model(i), ...docRouters.map((r) => (i) => r.predict(i, { unit: units[i & 4095] }))],
  { iterations: 200_000, rounds: 9 },
);
table(
  'Document mode: per-call cost by source (issue 6)',
  ['scenario', 'per call', 'over bare call'],
  [
    ['bare async model call', fmt(bare), '–'],
    ...docScenarios.map(([label], k) => [`router.predict, ${label}`, fmt(docNs[k]), fmt(docNs[k] - bare)]),
  ],
);
for (const r of docRouters) await r.close();

// Delegate mode: the SDK evaluates per call; the router's cost is what it adds on top.
const delegateRows = [];
for (const [label, bareEval, source, iterations] of [
  [
    'LaunchDarkly v9',
    (i) => c9.variation(variantFlag, { kind: 'user', key: units[i & 4095] }, undefined),
    launchDarklySource({ client: c9, flagKey: variantFlag, mode: 'delegate', route: routeDoc }),
    30_000,
  ],
  [
    'LaunchDarkly v7',
    (i) => c7.variation(variantFlag, { kind: 'user', key: units[i & 4095] }, undefined),
    launchDarklySource({ client: c7, flagKey: variantFlag, mode: 'delegate', route: routeDoc }),
    30_000,
  ],
  [
    'OpenFeature in-memory',
    (i) => of.getStringValue(variantFlag, '', { targetingKey: units[i & 4095] }),
    openFeatureSource({ client: of, flagKey: variantFlag, mode: 'delegate', route: routeDoc }),
    8_000,
  ],
]) {
  src(source);
  const r = await router(source);
  const check = await r.predictDetailed(1, { unit: units[0] });
  if (check.decision.reason !== 'delegate') throw new Error(`${label}: delegate mode did not answer`);
  const [evalNs, evalAndModel, ns] = await interleaved(
    [bareEval, async (i) => (await bareEval(i), model(i)), (i) => r.predict(i, { unit: units[i & 4095] })],
    { iterations, rounds: 9 },
  );
  delegateRows.push([label, fmt(evalNs), fmt(evalAndModel), fmt(ns), fmt(ns - evalAndModel)]);
  await r.close();
}
table(
  'Delegate mode: router.predict next to a bare flag evaluation (issue 6)',
  ['SDK', 'bare evaluation', 'evaluation + model call', 'router.predict (delegate)', 'router overhead'],
  delegateRows,
);

for (const s of sources) await s.close();
c9.close();
c7.close();
await OpenFeature.close();
rmSync(dir, { recursive: true, force: true });
