import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { changeRoute, writeAnalysisSnapshot } from '@modelroute/cli';
import { type Analysis, createRouter, type RouteDocument, staticSource } from '@modelroute/core';
import { manualClock } from '@modelroute/core/testing';

/** The route the demo rolls out: fraud-v4 takes over from fraud-v3 in steps. */
export const ROUTE = 'fraud-score';
export const STEPS = [5, 20, 50, 100] as const;
const START = Date.parse('2026-11-30T08:00:00Z');
const HOUR = 3_600_000;

interface Transaction {
  readonly amount: number;
}

/** A deterministic random stream (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const base = (): RouteDocument =>
  ({
    champion: 'fraud-v3',
    weights: { 'fraud-v3': 100, 'fraud-v4': 0 },
    experiment: {
      metrics: [
        { name: 'caught', kind: 'proportion', direction: 'increase', mde: 0.15, role: 'primary' },
        { name: 'latency_ms', kind: 'mean', direction: 'decrease', mde: 0.05, role: 'guardrail' },
      ],
      alpha: 0.05,
      power: 0.8,
    },
    guard: { errorRateRatio: 3, minErrorRate: 0.02, p99LatencyMs: 250, minCalls: 50 },
  }) as unknown as RouteDocument;

/** Runs a real router at `doc` for `calls` units and tracks their outcomes; returns the router, still open. */
async function serve(doc: RouteDocument, calls: number, seed: number, at: number) {
  const clock = manualClock(at);
  const next = random(seed);
  let latency = 0;
  // A model call takes its latency on the router's clock (the guard's p99) and catches fraud at its rate.
  const call = (ms: number, rate: number) => {
    latency = ms + next() * 12;
    clock.advance(latency);
    return { fraud: next() < rate ? 1 : 0 };
  };
  const router = await createRouter<Transaction, { fraud: number }>({
    route: ROUTE,
    models: {
      'fraud-v3': () => call(42, 0.1),
      'fraud-v4': () => call(38, 0.115),
    },
    source: staticSource({ routes: { [ROUTE]: doc } }),
    fallback: 'fraud-v3',
    clock,
  });
  for (let i = 0; i < calls; i++) {
    const unit = `card-${seed}-${i}`;
    const output = await router.predict({ amount: 20 + next() * 500 }, { unit });
    router.track('caught', output.fraud, { unit });
    router.track('latency_ms', latency, { unit });
    clock.advance(1000);
  }
  return router;
}

/** A controller's decision to go from `share` to `next`, with the analysis behind it (the `StageDecision` shape). */
function decision(analysis: Analysis, index: number, share: number, next: number, startedAt: number) {
  const metrics = analysis.metrics.map((m) => {
    const c = m.comparisons.find((x) => x.variant === 'fraud-v4');
    return {
      name: m.name,
      role: m.role,
      verdict: c?.verdict ?? 'collecting',
      n: [m.variants['fraud-v3']?.n ?? 0, m.variants['fraud-v4']?.n ?? 0],
      requiredSamplePerVariant: c?.requiredSamplePerVariant,
      difference: c?.difference,
      ci: c?.ci,
      relativeLift: c?.relativeLift,
      alwaysValidPValue: c?.alwaysValidPValue,
    };
  });
  const collecting = metrics.filter((m) => m.verdict === 'collecting').map((m) => m.name);
  return {
    action: 'advance',
    outcome: 'successful',
    code: collecting.length === 0 ? 'sample_reached' : 'min_duration',
    reason: `fraud-v4 held ${share}% for ${2 + index * 2} h with no trip and no worse metric${collecting.length === 0 ? '' : ` (${collecting.join(', ')} still collecting: an early step advances on its guardrails)`}; advancing to ${next}%`,
    step: { index, count: STEPS.length, weight: share, nextWeight: next },
    evidence: {
      candidate: 'fraud-v4',
      champion: 'fraud-v3',
      version: analysis.version,
      share,
      stepStartedAt: startedAt,
      elapsedMs: (2 + index * 2) * HOUR,
      srm: analysis.srm,
      metrics,
      trip: undefined,
    },
  };
}

/**
 * Writes the staged canary into `dir`: `rollout.json`, its history (a person starts the canary at 5%, the
 * controller advances it to 20% and 50% on the router's analysis, with evidence), and `analysis.json`, the
 * snapshot of a router serving the 50% step. Resolves to the paths.
 */
export async function buildStagedCanary(dir: string): Promise<{ file: string; snapshot: string; at: number }> {
  const file = join(dir, 'rollout.json');
  await writeFile(file, `${JSON.stringify({ routes: { [ROUTE]: base() } }, null, 2)}\n`);
  const describe = (_: RouteDocument, after: RouteDocument) =>
    `weights ${Object.entries(after.weights)
      .map(([v, w]) => `${v}=${w}`)
      .join(' ')}`;
  const weightsAt = (share: number) => ({ 'fraud-v3': 100 - share, 'fraud-v4': share });
  let at = START;
  const when = (t: number) => () => new Date(t);
  await changeRoute(file, ROUTE, 'set', (d) => ({ ...d, weights: weightsAt(STEPS[0]) }), describe, {
    actor: 'alice',
    reason: 'start the fraud-v4 canary (ticket FRAUD-412)',
    now: when(at),
  });
  let doc = { ...base(), weights: weightsAt(STEPS[0]) } as RouteDocument;
  for (let index = 0; index < 2; index++) {
    const share = STEPS[index]!;
    const next = STEPS[index + 1]!;
    const router = await serve(doc, 4000 + index * 4000, index + 1, at);
    const analysis = router.analysis()!;
    await router.close();
    const startedAt = at;
    at += (2 + index * 2) * HOUR;
    await changeRoute(file, ROUTE, 'advance', (d) => ({ ...d, weights: weightsAt(next) }), describe, {
      actor: 'rollout-controller',
      reason: `advance fraud-v4 ${share}% → ${next}%: no trip, nothing worse`,
      evidence: decision(analysis, index, share, next, startedAt),
      now: when(at),
    });
    doc = { ...doc, weights: weightsAt(next) } as RouteDocument;
  }
  const router = await serve(doc, 16000, 9, at);
  const snapshot = join(dir, 'analysis.json');
  at += 3 * HOUR;
  await writeAnalysisSnapshot(router, snapshot, { now: at });
  await router.close();
  return { file, snapshot, at };
}
