// pnpm demo: a canary through its stages, steered by rewriting a rollout file while traffic flows. The
// challenger fraud-v5 misbehaves (errors, NaN scores): the guard takes it out of traffic by itself, and the
// operator rolls the file back for the whole fleet with one command (`modelroute rollback`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRouter, fileSource, type GuardConfig, type Router } from '@modelroute/core';
import { models, type ModelId, type Transaction } from './simulated-models.js';

const USERS = 2_000;
const CALLS_PER_STAGE = 4_000;
const stages: Array<{ name: string; weights: Partial<Record<ModelId, number>> }> = [
  { name: 'stable only', weights: { 'fraud-v3': 100 } },
  { name: 'canary 5% + challenger 5%', weights: { 'fraud-v3': 90, 'fraud-v4': 5, 'fraud-v5': 5 } },
  { name: 'canary 20%, challenger out', weights: { 'fraud-v3': 80, 'fraud-v4': 20, 'fraud-v5': 0 } },
  { name: 'canary 50%', weights: { 'fraud-v3': 50, 'fraud-v4': 50 } },
  { name: 'canary 100%', weights: { 'fraud-v3': 0, 'fraud-v4': 100 } },
];

// The local circuit breaker: a variant whose error rate reaches 5x the champion's, or whose share of
// invalid scores (NaN) passes 2%, over a 60 s window and after 50 calls, is taken out of traffic.
const guard: GuardConfig = { errorRateRatio: 5, minErrorRate: 0.01, invalidRate: 0.02, windowMs: 60_000, minCalls: 50 };

const dir = mkdtempSync(join(tmpdir(), 'modelroute-demo-'));
const file = join(dir, 'rollout.json');
// What an operator (or the modelroute CLI) does: write a temp file and rename it over the old one.
const writeStage = (weights: Partial<Record<ModelId, number>>, version: string): void => {
  const doc = {
    routes: { 'fraud-score': { champion: 'fraud-v3', weights, salt: 'fraud-score-demo', guard, version } },
  };
  writeFileSync(`${file}.tmp`, JSON.stringify(doc, null, 2));
  renameSync(`${file}.tmp`, file);
};
// The file watcher does not keep a process alive by itself (a service's server does); this timer does,
// and bounds the wait.
const nextApplied = (router: Router<Transaction, number>): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the new stage was not applied within 5 s')), 5000);
    router.once('applied', () => {
      clearTimeout(timer);
      resolve();
    });
  });

writeStage(stages[0]!.weights, 'stage-1');
const source = fileSource(file);
const router = await createRouter<Transaction, number>({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
router.on('rejected', (e) => console.log(`rejected: ${e.reason}`));
const trips: string[] = [];
router.on('trip', (e) => {
  trips.push(e.variant);
  const figure = e.trigger === 'p99_latency' ? `${e.value.toFixed(0)} ms` : `${(100 * e.value).toFixed(1)}%`;
  const limit = e.trigger === 'p99_latency' ? `${e.threshold} ms` : `${(100 * e.threshold).toFixed(1)}%`;
  console.log(
    `  trip: the guard took ${e.variant} out of traffic (${e.trigger} ${figure} >= ${limit} over its last ${e.window.calls} calls); its traffic goes to ${e.target}`,
  );
});

// The one-command rollback an operator (or an onTrip hook, with rollbackFile) runs: every router watching
// the file follows. Here the CLI of this workspace; in a service, `npx modelroute rollback ...`.
const cli = join(dirname(createRequire(import.meta.url).resolve('@modelroute/cli/package.json')), 'dist/cli.js');
const rollback = async (reason: string): Promise<void> => {
  const applied = nextApplied(router);
  console.log(`\n$ modelroute rollback rollout.json fraud-score --reason "${reason}"`);
  const out = execFileSync(
    process.execPath,
    [cli, 'rollback', file, 'fraud-score', '--reason', reason, '--actor', 'demo'],
    {
      encoding: 'utf8',
    },
  );
  console.log(out.trimEnd().replaceAll(file, 'rollout.json').replace(/^/gm, '  '));
  await applied;
  const weights = Object.entries(router.document?.weights ?? {}).map(([v, w]) => `${v} ${w}`);
  console.log(`  applied by the router: ${weights.join(', ')}\n`);
};

const pct = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);
const assignments: Array<Map<string, string>> = [];
let txId = 0;
let routedCalls = 0;

console.log(
  `modelroute demo: ${stages.length} stages x ${CALLS_PER_STAGE} calls over ${USERS} users, rollout file ${file}\n`,
);
for (const [i, stage] of stages.entries()) {
  if (i > 0) {
    const applied = nextApplied(router);
    writeStage(stage.weights, `stage-${i + 1}`);
    await applied; // the file watcher delivers the new weights; the next call uses them
  }
  console.log(`stage ${i + 1}: ${stage.name}  (document ${router.configVersion})`);
  const perVariant = new Map<string, { calls: number; errors: number; invalid: number }>();
  const seen = new Map<string, string>();
  let redirected = 0;
  for (let c = 0; c < CALLS_PER_STAGE; c++) {
    const unit = `user-${(c * 7919) % USERS}`;
    const tx = { id: txId++, amount: (txId * 37) % 10_000 };
    const decision = router.decide(unit);
    const variant = decision.variant;
    if (decision.reason === 'guard') redirected++;
    const row = perVariant.get(variant) ?? { calls: 0, errors: 0, invalid: 0 };
    perVariant.set(variant, row);
    row.calls++;
    seen.set(unit, variant);
    try {
      const score = await router.predict(tx, { unit });
      if (Number.isNaN(score)) row.invalid++;
    } catch {
      row.errors++;
    }
  }
  routedCalls += CALLS_PER_STAGE;
  assignments.push(seen);

  console.log('  variant     share    errors   invalid');
  for (const [variant, row] of [...perVariant].sort()) {
    console.log(
      `  ${variant.padEnd(10)}  ${pct(row.calls, CALLS_PER_STAGE).padStart(6)}  ${pct(row.errors, row.calls).padStart(7)}  ${pct(row.invalid, row.calls).padStart(8)}`,
    );
  }
  if (redirected > 0)
    console.log(
      `  guard: ${pct(redirected, CALLS_PER_STAGE)} of this stage's calls were redirected to the champion by the guard`,
    );
  if (i === 1 && trips.length > 0) await rollback(`guard tripped ${trips.join(', ')}`);
}

// Stickiness: a user in the canary at 5% stays in it at 20% and 50% (units only move into a growing arm).
const inCanaryAt5 = [...assignments[1]!].filter(([, v]) => v === 'fraud-v4').map(([u]) => u);
const stayed = (k: number): number => inCanaryAt5.filter((u) => assignments[k]!.get(u) === 'fraud-v4').length;
console.log(
  `\nstickiness: of ${inCanaryAt5.length} users in the canary at 5%, ${stayed(2)} are in it at 20% and ${stayed(3)} at 50%`,
);
let moved = 0;
for (const [unit, variant] of assignments[3]!)
  if (assignments[2]!.get(unit) === 'fraud-v4' && variant !== 'fraud-v4') moved++;
console.log(`stickiness: users who left the canary when it grew from 20% to 50%: ${moved}`);

// Time per call, same loop both ways: router.predict (now 100% fraud-v4) against a bare fraud-v4 call.
const timeLoop = async (call: (tx: Transaction, unit: string) => Promise<number>): Promise<number> => {
  const start = performance.now();
  for (let c = 0; c < routedCalls; c++) {
    try {
      await call({ id: c, amount: c % 10_000 }, `user-${c % USERS}`);
    } catch {
      // the simulated model's own errors
    }
  }
  return ((performance.now() - start) / routedCalls) * 1000;
};
await timeLoop((tx, unit) => router.predict(tx, { unit })); // warm-up
const routedUs = await timeLoop((tx, unit) => router.predict(tx, { unit }));
const bareUs = await timeLoop((tx) => models['fraud-v4'](tx));
console.log(
  `time per call: ${routedUs.toFixed(2)} µs routed vs ${bareUs.toFixed(2)} µs bare (${routedCalls} calls each; bench/RESULTS.md has the careful figures)`,
);

await router.close();
await source.close();
rmSync(dir, { recursive: true, force: true });
if (stayed(2) !== inCanaryAt5.length || moved !== 0) {
  console.error('stickiness check failed');
  process.exit(1);
}
