import { createRouter, type Router } from '@modelroute/core';
import { launchDarklySource } from '@modelroute/launchdarkly';
import { stages, type Dashboard } from './dashboard.js';

type Tx = { amount: number };
const models = {
  'fraud-v3': (tx: Tx) => Math.min(1, tx.amount / 10_000),
  'fraud-v4': (tx: Tx) => Math.min(1, tx.amount / 8_000),
};

export interface DemoOptions {
  dashboard: Dashboard;
  users?: number;
  log?: (line: string) => void;
}

export interface StageResult {
  readonly stage: string;
  readonly version: string | undefined;
  /** Share of users answered by fraud-v4. */
  readonly canaryShare: number;
  /** Users in the canary at the previous stage who are no longer in it (0 while it grows). */
  readonly leftCanary: number;
}

export interface DemoResult {
  readonly stages: StageResult[];
  readonly rejected: string[];
  readonly delegate: Array<{ percent: number; canaryShare: number; reasons: string[]; betaInCanary: boolean }>;
}

const nextEvent = (router: Router<Tx, number>, event: 'applied' | 'rejected') =>
  new Promise<any>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within 5 s`)), 5000);
    router.once(event, (e: unknown) => {
      clearTimeout(timer);
      resolve(e);
    });
  });

/** Steers a canary from the flags: stages, a bad edit that is rejected, a rollback, then delegate mode. */
export async function runDemo({ dashboard, users = 2000, log = console.log }: DemoOptions): Promise<DemoResult> {
  const ids = Array.from({ length: users }, (_, i) => `user-${i}`);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const result: DemoResult = { stages: [], rejected: [], delegate: [] };

  // Document mode: the JSON flag holds the route document; the router re-reads it on each flag change.
  const source = launchDarklySource({ client: dashboard.client, flagKey: 'fraud-score-rollout' });
  const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
  router.on('rejected', (e) => result.rejected.push(e.reason));
  let previous = new Set<string>();
  const runStage = async (stage: string) => {
    const inCanary = new Set<string>();
    for (const [i, unit] of ids.entries()) {
      const { decision } = await router.predictDetailed({ amount: (i * 37) % 10_000 }, { unit });
      if (decision.variant === 'fraud-v4') inCanary.add(unit);
    }
    const leftCanary = [...previous].filter((u) => !inCanary.has(u)).length;
    result.stages.push({ stage, version: router.configVersion, canaryShare: inCanary.size / users, leftCanary });
    log(
      `${stage.padEnd(26)} version ${String(router.configVersion).padEnd(10)} fraud-v4 ${pct(inCanary.size / users).padStart(6)}; left the canary: ${leftCanary}`,
    );
    previous = inCanary;
  };

  log('Document mode: a JSON flag whose variations are the stages');
  await runStage(stages[0].name);
  for (const index of [1, 2, 3]) {
    const applied = nextEvent(router, 'applied');
    await dashboard.serveStage(index);
    await applied;
    await runStage(stages[index]!.name);
  }
  const rejected = nextEvent(router, 'rejected');
  await dashboard.serveValue({ champion: 'fraud-v3', weights: { 'fraud-v3': 50, 'fraud-v4x': 50 } });
  log(`a bad edit is rejected:    ${(await rejected).reason}`);
  await runStage('after the bad edit');
  const rolledBack = nextEvent(router, 'applied');
  previous = new Set();
  await dashboard.serveStage(0);
  await rolledBack;
  await runStage('rollback to stable');
  await router.close();
  await source.close();

  // Delegate mode: LaunchDarkly's percentage rollout picks the model per call; modelroute calls it.
  log('\nDelegate mode: a string flag whose variations are model ids, with a percentage rollout');
  const delegateSource = launchDarklySource({
    client: dashboard.client,
    flagKey: 'fraud-variant',
    mode: 'delegate',
    // The route document names every model the flag can pick (weight 0: LaunchDarkly decides), so that the
    // guard watches them and fails a broken one over to the champion.
    route: {
      champion: 'fraud-v3',
      weights: { 'fraud-v3': 100, 'fraud-v4': 0 },
      guard: { errorRateRatio: 5, failover: true },
    },
  });
  const delegated = await createRouter({ route: 'fraud-score', models, source: delegateSource, fallback: 'fraud-v3' });
  for (const percent of [10, 30]) {
    await dashboard.rollout(percent);
    let inCanary = 0;
    const reasons = new Set<string>();
    for (const [i, unit] of ids.entries()) {
      const { decision } = await delegated.predictDetailed(
        { amount: (i * 37) % 10_000 },
        { unit, attributes: { plan: 'free' } },
      );
      reasons.add(decision.reason);
      if (decision.variant === 'fraud-v4') inCanary++;
    }
    const beta = await delegated.predictDetailed({ amount: 1 }, { unit: 'user-0', attributes: { plan: 'beta' } });
    const row = {
      percent,
      canaryShare: inCanary / users,
      reasons: [...reasons],
      betaInCanary: beta.decision.variant === 'fraud-v4',
    };
    result.delegate.push(row);
    log(
      `rollout ${String(percent).padStart(2)}% to fraud-v4:     fraud-v4 ${pct(row.canaryShare).padStart(6)} (reason: ${row.reasons.join(', ')}); a beta-plan user gets ${beta.decision.variant}`,
    );
  }
  await delegated.close();
  await delegateSource.close();
  return result;
}
