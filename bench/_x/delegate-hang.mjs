// Delegate mode with an OpenFeature provider whose per-call evaluation hangs (a remote-evaluation
// provider - flagd RPC, OFREP - behind a network that blackholes packets). Does predict() ever answer?
// Usage: node repro/openfeature-delegate-hang.mjs
import { createRequire } from 'node:module';
const require = createRequire(new URL('/work/main/packages/openfeature/package.json', import.meta.url));
const { OpenFeature } = require('@openfeature/server-sdk');
import { createRouter } from '/work/main/packages/core/dist/index.js';
import { openFeatureSource } from '/work/main/packages/openfeature/dist/index.js';

class HangingProvider {
  metadata = { name: 'hanging-remote' };
  runsOn = 'server';
  hooks = [];
  async initialize() {}
  resolveBooleanEvaluation() { return new Promise(() => {}); }
  resolveNumberEvaluation() { return new Promise(() => {}); }
  resolveObjectEvaluation() { return new Promise(() => {}); }
  resolveStringEvaluation() { return new Promise(() => {}); } // the network never answers
}
await OpenFeature.setProviderAndWait(new HangingProvider());
const router = await createRouter({
  route: 'fraud-score',
  models: { 'fraud-v3': () => 'v3', 'fraud-v4': () => 'v4' },
  source: openFeatureSource({
    client: OpenFeature.getClient(), flagKey: 'fraud-variant', mode: 'delegate',
    route: { champion: 'fraud-v3', weights: { 'fraud-v3': 100, 'fraud-v4': 0 }, guard: { failover: true, timeoutMs: 200 } },
  }),
  fallback: 'fraud-v3',
});
const started = Date.now();
const result = await Promise.race([
  router.predict(1, { unit: 'user-1' }).then((v) => `answered ${v}`),
  new Promise((r) => setTimeout(() => r('NO ANSWER after 5 s (guard timeoutMs is 200 ms)'), 5000)),
]);
console.log(`OpenFeature delegate, evaluation hangs -> predict(): ${result} (${Date.now() - started} ms)`);

// The same through @modelroute/launchdarkly: a client whose variation() hangs (the LaunchDarkly server SDK
// reading flags from a persistent store - Redis, DynamoDB, daemon mode - whose connection hangs).
const { launchDarklySource } = await import('/work/main/packages/launchdarkly/dist/index.js');
const ldClient = { initialized: () => true, on() {}, off() {}, variation: () => new Promise(() => {}), variationDetail: () => new Promise(() => {}) };
const ldRouter = await createRouter({
  route: 'fraud-score',
  models: { 'fraud-v3': () => 'v3', 'fraud-v4': () => 'v4' },
  source: launchDarklySource({ client: ldClient, flagKey: 'fraud-variant', mode: 'delegate',
    route: { champion: 'fraud-v3', weights: { 'fraud-v3': 100, 'fraud-v4': 0 }, guard: { failover: true, timeoutMs: 200 } } }),
  fallback: 'fraud-v3',
});
const t1 = Date.now();
const ldResult = await Promise.race([
  ldRouter.predict(1, { unit: 'user-1' }).then((v) => `answered ${v}`),
  new Promise((r) => setTimeout(() => r('NO ANSWER after 5 s (guard timeoutMs is 200 ms)'), 5000)),
]);
console.log(`LaunchDarkly delegate, variation() hangs -> predict(): ${ldResult} (${Date.now() - t1} ms)`);
process.exit(result.startsWith('answered') && ldResult.startsWith('answered') ? 0 : 1);
