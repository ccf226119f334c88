// What an operator does in the LaunchDarkly dashboard, done with LaunchDarkly's TestData so that the
// demo runs anywhere, with no SDK key and no network. The flags have the shapes the README describes.
import { init, integrations, type LDClient } from '@launchdarkly/node-server-sdk';

/** The route document of each canary stage: the variations of the JSON flag `fraud-score-rollout`. */
export const stages = [
  {
    name: 'stable',
    doc: {
      champion: 'fraud-v3',
      weights: { 'fraud-v3': 100, 'fraud-v4': 0 },
      salt: 'fraud-score-2026-11',
      version: 'stable',
    },
  },
  {
    name: 'canary 5%',
    doc: {
      champion: 'fraud-v3',
      weights: { 'fraud-v3': 95, 'fraud-v4': 5 },
      salt: 'fraud-score-2026-11',
      version: 'canary-5',
    },
  },
  {
    name: 'canary 20%',
    doc: {
      champion: 'fraud-v3',
      weights: { 'fraud-v3': 80, 'fraud-v4': 20 },
      salt: 'fraud-score-2026-11',
      version: 'canary-20',
    },
  },
  {
    name: 'canary 50%',
    doc: {
      champion: 'fraud-v3',
      weights: { 'fraud-v3': 50, 'fraud-v4': 50 },
      salt: 'fraud-score-2026-11',
      version: 'canary-50',
    },
  },
] as const;

/** A string flag `fraud-variant` whose variations are model ids, with a percentage rollout on the fallthrough. */
export const variantFlag = (percentV4: number, version: number) => ({
  key: 'fraud-variant',
  version,
  on: true,
  salt: 'fraud-variant',
  variations: ['fraud-v3', 'fraud-v4'],
  offVariation: 0,
  fallthrough: {
    rollout: {
      variations: [
        { variation: 0, weight: (100 - percentV4) * 1000 },
        { variation: 1, weight: percentV4 * 1000 },
      ],
    },
  },
  targets: [],
  contextTargets: [],
  rules: [
    {
      id: 'beta-testers',
      clauses: [{ contextKind: 'user', attribute: 'plan', op: 'in', values: ['beta'], negate: false }],
      variation: 1,
    },
  ],
  prerequisites: [],
});

export interface Dashboard {
  readonly client: LDClient;
  /** Serves variation `index` of the JSON flag to everyone (the "default rule" in the dashboard). */
  serveStage(index: number): Promise<void>;
  /** Serves a hand-edited value, as when an operator pastes a JSON variation with a mistake in it. */
  serveValue(value: unknown): Promise<void>;
  /** Sets the percentage rollout of the string flag. */
  rollout(percentV4: number): Promise<void>;
}

export async function testDashboard(): Promise<Dashboard> {
  const td = new integrations.TestData();
  await td.update(
    td
      .flag('fraud-score-rollout')
      .variations(...stages.map((s) => s.doc))
      .variationForAll(0),
  );
  let version = 1;
  await td.usePreconfiguredFlag(variantFlag(0, version));
  const client = init('no-sdk-key-needed-with-test-data', {
    updateProcessor: td.getFactory(),
    sendEvents: false,
    diagnosticOptOut: true,
    logger: { debug() {}, info() {}, warn: console.warn, error: console.error },
  });
  await client.waitForInitialization({ timeout: 5 });
  return {
    client,
    serveStage: async (index) =>
      void (await td.update(
        td
          .flag('fraud-score-rollout')
          .variations(...stages.map((s) => s.doc))
          .variationForAll(index),
      )),
    serveValue: async (value) => void (await td.update(td.flag('fraud-score-rollout').valueForAll(value))),
    rollout: async (percentV4) => void (await td.usePreconfiguredFlag(variantFlag(percentV4, ++version))),
  };
}
