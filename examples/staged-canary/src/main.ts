// A staged canary that advances itself, on a simulated clock (hours of traffic in a few seconds):
//   run 1: a good candidate (ranker-v2) goes 5% -> 20% -> 50% -> 100% and is promoted;
//   run 2: a candidate 3% worse on revenue (ranker-v3), with no errors (invisible to the guard), is rolled
//          back by the statistics.
// Each run writes its rollout file and audit log (with every decision's evidence) to OUT_DIR
// (default: ./out), where `modelroute status` and `modelroute history` can read them.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileWriter } from '@modelroute/cli';
import { canary, createRouter, memorySource, rolloutDocument, type RolloutWriter } from '@modelroute/core';
import { rolloutController } from '@modelroute/core/controller';
import { manualClock } from '@modelroute/core/testing';
import { MEAN_REVENUE, REVENUE_SD, normal, seeded } from './simulated-traffic.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const CALLS_PER_MINUTE = 300;
const outDir = resolve(process.env.OUT_DIR ?? 'out');
// The simulated clock starts at a wall-clock time, so the history's times tell the simulated timeline.
const START = Date.parse('2026-12-01T08:00:00.000Z');
const clockText = (at: number, ms = at - START) =>
  `${String(Math.floor(ms / HOUR)).padStart(2, '0')}:${String(Math.floor((ms % HOUR) / MINUTE)).padStart(2, '0')}`;

async function run(name: string, candidate: string, seed: number): Promise<string> {
  const dir = join(outDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'rollout.json');
  const document = rolloutDocument({
    ranking: canary({
      stable: 'ranker-v1',
      canary: candidate,
      steps: [
        { weight: 5, minDurationMs: HOUR, maxDurationMs: 24 * HOUR },
        { weight: 20, minDurationMs: HOUR },
        { weight: 50, minDurationMs: HOUR },
        { weight: 100, minDurationMs: 30 * MINUTE },
      ],
      experiment: { metrics: [{ name: 'revenue', kind: 'mean', direction: 'increase', mde: 0.03, role: 'primary' }] },
    }),
  });
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);

  const clock = manualClock(START);
  const source = memorySource(document);
  const router = await createRouter({
    route: 'ranking',
    models: { 'ranker-v1': () => 'v1', [candidate]: () => candidate },
    source,
    fallback: 'ranker-v1',
    clock,
  });
  // The file is the record (validated, atomic, audited, undoable); the in-process source follows each write.
  const file$ = fileWriter(file, { now: () => new Date(clock.now()) });
  const writer: RolloutWriter = {
    async write(request) {
      const result = await file$.write(request);
      if (result.changed) source.set(readFileSync(file, 'utf8'));
      return result;
    },
  };
  const controller = rolloutController({ router, writer, clock, intervalMs: 0, actor: 'demo-controller' });

  const random = seeded(seed);
  let users = 0;
  console.log(`\n${name}: ${candidate} against ranker-v1 (${file})`);
  for (let minute = 0; minute < 48 * 60; minute++) {
    for (let i = 0; i < CALLS_PER_MINUTE; i++) {
      const unit = `user-${users++}`;
      const { decision } = await router.predictDetailed({ query: i }, { unit });
      router.track('revenue', normal(random, MEAN_REVENUE[decision.variant]!, REVENUE_SD), { unit });
    }
    clock.advance(MINUTE);
    if (minute % 10 !== 9) continue; // the controller looks every 10 simulated minutes
    const d = await controller.tick();
    if (d.action === 'wait') continue;
    const primary = d.evidence.metrics[0];
    const figures =
      primary === undefined
        ? ''
        : ` [revenue ${primary.verdict}, n ${primary.n.join('/')}, lift ${((primary.relativeLift ?? 0) * 100).toFixed(1)}%]`;
    console.log(`  ${clockText(clock.now())}  ${d.action.padEnd(8)} ${d.reason}${figures}`);
    if (d.action === 'complete' || d.action === 'rollback') {
      await router.close();
      return `${d.action} after ${clockText(clock.now())} simulated (${users} calls)`;
    }
  }
  await router.close();
  return 'still running after 48 simulated hours';
}

const good = await run('good-candidate', 'ranker-v2', 1);
const bad = await run('worse-candidate', 'ranker-v3', 2);
console.log(`\ngood candidate: ${good}\n3% worse candidate: ${bad}`);
console.log(`rollout files and audit logs with the evidence: ${outDir}`);
