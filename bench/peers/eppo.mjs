// Eppo: the evaluator of @eppo/node-server-sdk (the EppoClient of @eppo/js-client-sdk-common, which the
// Node SDK wraps) on an in-memory flag configuration. The Node SDK's own init() always fetches its
// configuration from Eppo's API (v3.10: no offline or bootstrap option), so it cannot run offline.
import { createRequire } from 'node:module';

const eppoRequire = createRequire(createRequire(import.meta.url).resolve('@eppo/node-server-sdk'));
const { EppoClient, MemoryOnlyConfigurationStore } = eppoRequire('@eppo/js-client-sdk-common');
const TOTAL_SHARDS = 10_000;

export async function eppo(weights) {
  const ids = Object.keys(weights);
  const total = ids.reduce((s, v) => s + weights[v], 0);
  let start = 0;
  const splits = ids.map((v, i) => {
    const end = i === ids.length - 1 ? TOTAL_SHARDS : start + Math.round((weights[v] / total) * TOTAL_SHARDS);
    const split = { variationKey: v, shards: [{ salt: 'bench', ranges: [{ start, end }] }] };
    start = end;
    return split;
  });
  const store = new MemoryOnlyConfigurationStore();
  await store.setEntries({
    exp: {
      key: 'exp',
      enabled: true,
      variationType: 'STRING',
      variations: Object.fromEntries(ids.map((v) => [v, { key: v, value: v }])),
      allocations: [{ key: 'split', rules: [], splits, doLog: false }],
      totalShards: TOTAL_SHARDS,
    },
  });
  const client = new EppoClient({ flagConfigurationStore: store });
  client.setAssignmentLogger({ logAssignment() {} });
  return { sync: true, choose: (unit) => client.getStringAssignment('exp', unit, {}, ids[0]), close: () => {} };
}
