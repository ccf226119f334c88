// LaunchDarkly server SDK v9: variation() on a percentage rollout, from TestData (no network, no events).
import { createRequire } from 'node:module';

const ldRequire = createRequire(new URL('../../packages/launchdarkly/package.json', import.meta.url));
const ld = ldRequire('@launchdarkly/node-server-sdk');
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const offline = {
  sendEvents: false,
  diagnosticOptOut: true,
  baseUri: 'http://127.0.0.1:9',
  streamUri: 'http://127.0.0.1:9',
  eventsUri: 'http://127.0.0.1:9',
};

export async function launchDarkly(weights) {
  const ids = Object.keys(weights);
  const total = ids.reduce((s, v) => s + weights[v], 0);
  // LaunchDarkly weights are in thousandths of a percent (sum 100000); the last bucket takes the rest.
  let left = 100_000;
  const variations = ids.map((_, i) => {
    const weight = i === ids.length - 1 ? left : Math.round((weights[ids[i]] / total) * 100_000);
    left -= weight;
    return { variation: i, weight };
  });
  const td = new ld.integrations.TestData();
  await td.usePreconfiguredFlag({
    key: 'exp',
    version: 1,
    on: true,
    salt: 'bench',
    variations: ids,
    offVariation: 0,
    fallthrough: { rollout: { variations } },
    targets: [],
    contextTargets: [],
    rules: [],
    prerequisites: [],
    trackEvents: false,
    trackEventsFallthrough: false,
  });
  const client = ld.init('bench-key', { ...offline, logger: quiet, updateProcessor: td.getFactory() });
  await client.waitForInitialization({ timeout: 5 });
  return {
    sync: false,
    choose: (unit) => client.variation('exp', { kind: 'user', key: unit }, ids[0]),
    close: () => client.close(),
  };
}
