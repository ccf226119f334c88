// Delegate mode through OpenFeature: a provider whose evaluation never answers (a remote provider whose
// connection stalls) makes every predict() wait forever; no bound (not even the route's guard.timeoutMs)
// applies to the delegate, although the document's decision could answer the call.
// Run from packages/openfeature (it resolves @openfeature/server-sdk there): node ../../repro/r21-openfeature-hung-provider.mjs
import { createRequire } from 'node:module';
const require = createRequire(new URL('/work/main/packages/openfeature/package.json', import.meta.url));
const { OpenFeature } = await import(require.resolve('@openfeature/server-sdk'));
const { openFeatureSource } = await import('/work/main/packages/openfeature/dist/index.js');
const { createRouter } = await import('/work/main/packages/core/dist/index.js');
const keep = setInterval(() => {}, 1000);
class HungProvider {
  metadata = { name: 'hung' };
  runsOn = 'server';
  async initialize() {}
  resolveStringEvaluation() { return new Promise(() => {}); }
  resolveObjectEvaluation() { return new Promise(() => {}); }
  resolveBooleanEvaluation() { return new Promise(() => {}); }
  resolveNumberEvaluation() { return new Promise(() => {}); }
}
await OpenFeature.setProviderAndWait(new HungProvider());
const source = openFeatureSource({ client: OpenFeature.getClient(), flagKey: 'model', mode: 'delegate',
  route: { champion: 'a', weights: { a: 1, b: 1 }, guard: { timeoutMs: 100, failover: true } } });
const router = await createRouter({ route: 'r', models: { a: () => 'A', b: () => 'B' }, source, fallback: 'a', onWarning: () => {} });
const res = await Promise.race([
  router.predict({}, { unit: 'u1' }).then((y) => `answered ${y}`, (e) => `rejected ${e.message}`),
  new Promise((s) => setTimeout(() => s('still pending after 3 s'), 3000)),
]);
console.log('predict with a hung OpenFeature provider:', res);
clearInterval(keep);
process.exit(res.startsWith('still') ? 1 : 0);
