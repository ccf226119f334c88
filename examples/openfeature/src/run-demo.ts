import { createRouter, type Router } from '@modelroute/core';
import { openFeatureSource } from '@modelroute/openfeature';
import type { Flags, Stage } from './provider.js';

type Tx = { amount: number };
const models = {
  'fraud-v3': (tx: Tx) => Math.min(1, tx.amount / 10_000),
  'fraud-v4': (tx: Tx) => Math.min(1, tx.amount / 8_000),
};

export interface DemoResult {
  readonly stages: Array<{ stage: string; version: string | undefined; canaryShare: number; leftCanary: number }>;
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

/** Steers a canary from OpenFeature flags: stages, a bad edit that is rejected, a rollback, then delegate mode. */
export async function runDemo({
  flags,
  users = 2000,
  log = console.log,
}: {
  flags: Flags;
  users?: number;
  log?: (line: string) => void;
}): Promise<DemoResult> {
  const ids = Array.from({ length: users }, (_, i) => `user-${i}`);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const result: DemoResult = { stages: [], rejected: [], delegate: [] };

  // Document mode: the object flag holds the route document; the router re-reads it on each change event.
  const source = openFeatureSource({ client: flags.client, flagKey: 'fraud-score-rollout' });
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
      `${stage.padEnd(22)} version ${String(router.configVersion).padEnd(10)} fraud-v4 ${pct(inCanary.size / users).padStart(6)}; left the canary: ${leftCanary}`,
    );
    previous = inCanary;
  };
  const serve = async (stage: Stage) => {
    const applied = nextEvent(router, 'applied');
    flags.serveStage(stage);
    await applied;
  };

  log('Document mode: an object flag whose variants are the stages');
  await runStage('stable');
  for (const stage of ['canary5', 'canary20', 'canary50'] as const) {
    await serve(stage);
    await runStage(stage);
  }
  const rejected = nextEvent(router, 'rejected');
  flags.serveValue({ champion: 'fraud-v3', weights: { 'fraud-v3': 50, 'fraud-v4': '50%' } });
  log(`a bad edit is rejected: ${(await rejected).reason}`);
  await runStage('after the bad edit');
  previous = new Set();
  await serve('stable');
  await runStage('rollback to stable');
  await router.close();
  await source.close();

  // Delegate mode: the provider's targeting picks the model per call; modelroute calls it.
  log('\nDelegate mode: a string flag whose variants are model ids');
  const delegateSource = openFeatureSource({
    client: flags.client,
    flagKey: 'fraud-variant',
    mode: 'delegate',
    route: { champion: 'fraud-v3', weights: { 'fraud-v3': 100, 'fraud-v4': 0 }, guard: { failover: true } },
  });
  const delegated = await createRouter({ route: 'fraud-score', models, source: delegateSource, fallback: 'fraud-v3' });
  for (const percent of [10, 30]) {
    flags.rollout(percent);
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
      `${String(percent).padStart(2)}% to fraud-v4:          fraud-v4 ${pct(row.canaryShare).padStart(6)} (reason: ${row.reasons.join(', ')}); a beta-plan user gets ${beta.decision.variant}`,
    );
  }
  await delegated.close();
  await delegateSource.close();
  return result;
}
