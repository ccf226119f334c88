// pnpm demo: a canary through its stages, steered by rewriting a rollout file while traffic flows.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter, fileSource, type Router } from '@modelroute/core';
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

const dir = mkdtempSync(join(tmpdir(), 'modelroute-demo-'));
const file = join(dir, 'rollout.json');
// What an operator (or the modelroute CLI) does: write a temp file and rename it over the old one.
const writeStage = (weights: Partial<Record<ModelId, number>>, version: string): void => {
  const doc = { routes: { 'fraud-score': { champion: 'fraud-v3', weights, salt: 'fraud-score-demo', version } } };
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
  const perVariant = new Map<string, { calls: number; errors: number; invalid: number }>();
  const seen = new Map<string, string>();
  for (let c = 0; c < CALLS_PER_STAGE; c++) {
    const unit = `user-${(c * 7919) % USERS}`;
    const tx = { id: txId++, amount: (txId * 37) % 10_000 };
    const variant = router.decide(unit).variant;
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

  console.log(`stage ${i + 1}: ${stage.name}  (document ${router.configVersion})`);
  console.log('  variant     share    errors   invalid');
  for (const [variant, row] of [...perVariant].sort()) {
    console.log(
      `  ${variant.padEnd(10)}  ${pct(row.calls, CALLS_PER_STAGE).padStart(6)}  ${pct(row.errors, row.calls).padStart(7)}  ${pct(row.invalid, row.calls).padStart(8)}`,
    );
  }
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
