import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promoteFile, readHistory, type HistoryEntry } from '@modelroute/cli';
import { createRouter, fileSource, promoteWhenReady, type GateReadyEvent, type RouteDocument } from '@modelroute/core';
import { manualClock } from '@modelroute/core/testing';

const DAY = 86_400_000;

/** mulberry32: uniforms in [0, 1) from a 32-bit seed, so every run of the demo is the same. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The simulated KPI: how often an offer scored by each model is accepted. offers-v2 is the better model. */
const ACCEPT = { 'offers-v1': 0.1, 'offers-v2': 0.13 } as const;

export const route: RouteDocument = {
  champion: 'offers-v1',
  weights: { 'offers-v1': 90, 'offers-v2': 10 }, // a permanent 10% for the challenger
  experiment: {
    metrics: [
      { name: 'accepted', kind: 'proportion', direction: 'increase', mde: 0.1, role: 'primary' },
      { name: 'latency_ms', kind: 'mean', direction: 'decrease', mde: 0.2, role: 'guardrail' },
    ],
  },
  gate: { mode: 'auto', minDays: 3 },
};

export interface DemoResult {
  /** The simulated day on which the gate opened (0-based), or undefined. */
  readyOnDay: number | undefined;
  ready: GateReadyEvent | undefined;
  /** The route in the file at the end. */
  champion: string;
  weights: Record<string, number>;
  rollbackTo: string | undefined;
  history: HistoryEntry[];
}

/**
 * Simulated days of traffic on a manual clock: each call is scored by the model the router picks, the
 * offer is accepted with that model's probability (`router.track`), and the gate watches the rolling
 * window. In auto mode, `promoteWhenReady` promotes through the CLI library's `promoteFile`.
 */
export async function runDemo(options: { days?: number; callsPerDay?: number; log?: (line: string) => void } = {}) {
  const { days = 10, callsPerDay = 3000, log = () => {} } = options;
  const dir = await mkdtemp(join(tmpdir(), 'modelroute-champion-challenger-'));
  const file = join(dir, 'rollout.json');
  try {
    await writeFile(file, JSON.stringify({ routes: { offers: route } }, null, 2));
    const clock = manualClock();
    const random = seeded(42);
    const router = await createRouter<number, number>({
      route: 'offers',
      models: { 'offers-v1': (x) => x * 0.9, 'offers-v2': (x) => x * 0.95 },
      source: fileSource(file),
      fallback: 'offers-v1',
      clock,
    });
    let ready: GateReadyEvent | undefined;
    let readyOnDay: number | undefined;
    let promotion: Promise<unknown> | undefined;
    router.on('gateReady', (event) => {
      ready = event;
      log(`gate ready: ${event.reason}`);
      promotion = promoteWhenReady(event, router.document?.gate, (r, challenger, p) =>
        promoteFile(file, r, challenger, { approve: true, ...p }),
      );
    });
    for (let day = 0; day < days && ready === undefined; day++) {
      for (let i = 0; i < callsPerDay; i++) {
        const { decision } = await router.predictDetailed(random(), { unit: `user-${day}-${i}` });
        const model = decision.assigned as keyof typeof ACCEPT;
        router.track('accepted', random() < ACCEPT[model] ? 1 : 0, { decision });
        router.track('latency_ms', 20 + 4 * random(), { decision });
        clock.advance(DAY / callsPerDay);
      }
      const status = router.gateStatus();
      if (ready !== undefined) readyOnDay = day;
      log(`day ${day + 1}: ${status?.ready ? 'READY' : 'waiting'}: ${status?.reason}`);
    }
    if (promotion !== undefined) {
      const applied = new Promise((resolve) => router.once('applied', resolve));
      await promotion;
      await applied; // the router follows the file it watches
    }
    const doc = router.document!;
    await router.close();
    log(`champion now ${doc.champion}; weights ${JSON.stringify(doc.weights)}; rollbackTo ${doc.rollbackTo}`);
    return {
      readyOnDay,
      ready,
      champion: doc.champion,
      weights: doc.weights,
      rollbackTo: doc.rollbackTo,
      history: await readHistory(file),
    } satisfies DemoResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
