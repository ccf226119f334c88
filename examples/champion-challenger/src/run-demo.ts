import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addModel,
  fileStatus,
  fileWriter,
  formatStatus,
  loadRegistry,
  readHistory,
  registryPath,
  verifyHistory,
  writeAnalysisSnapshot,
  type HistoryEntry,
} from '@modelroute/cli';
import {
  createRouter,
  fileSource,
  type AutoPromotion,
  type GateReadyEvent,
  type RouteDocument,
} from '@modelroute/core';
import { rolloutController } from '@modelroute/core/controller';
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
  /** The `gateReady` event, with the registry entries of the challenger and the champion. */
  ready: GateReadyEvent | undefined;
  /** `modelroute status --analysis` on the day the gate opened: readiness with the evidence. */
  statusWhenReady: string | undefined;
  /** The controller's promotion (auto mode), with the gate's evidence. */
  promotion: AutoPromotion | undefined;
  /** The route in the file at the end. */
  champion: string;
  weights: Record<string, number>;
  rollbackTo: string | undefined;
  history: HistoryEntry[];
  /** `modelroute audit verify` of the history. */
  verified: boolean;
}

/**
 * Waits for the router to apply the file it watches. The watcher's timers are unref'd (a watching router
 * never keeps a process alive), so a bare script holds its own timer meanwhile, and gives up after 10 s.
 */
async function followed(applied: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the router did not apply the promoted file within 10 s')), 10_000);
  });
  await Promise.race([applied, timeout]).finally(() => clearTimeout(timer));
}

const START = Date.parse('2026-11-02T00:00:00Z');
const registered = (id: string, version: string) => ({
  id,
  version,
  artifactUri: `s3://models/offers/${version}/model.onnx`,
  sha256: (id === 'offers-v1' ? 'a1' : 'b2').repeat(32),
  createdAt: '2026-11-01T00:00:00Z',
  owner: 'offers-team',
});

/**
 * Simulated days of traffic on a manual clock: each call is scored by the model the router picks, the
 * offer is accepted with that model's probability (`router.track`), and the gate watches the rolling
 * window. Each evening the serving process writes its analysis snapshot (what `modelroute status
 * --analysis` reads) and the rollout controller ticks: in auto mode it promotes the ready challenger
 * through the CLI's file writer, and the router follows the file it watches.
 */
export async function runDemo(
  options: { days?: number; callsPerDay?: number; log?: (line: string) => void } = {},
): Promise<DemoResult> {
  const { days = 10, callsPerDay = 3000, log = () => {} } = options;
  const dir = await mkdtemp(join(tmpdir(), 'modelroute-champion-challenger-'));
  const file = join(dir, 'rollout.json');
  const snapshot = join(dir, 'offers.analysis.json');
  try {
    await writeFile(file, JSON.stringify({ routes: { offers: route } }, null, 2));
    await addModel(file, registered('offers-v1', '2026.10'));
    await addModel(file, registered('offers-v2', '2026.11'));
    const clock = manualClock();
    const at = () => START + clock.now(); // the simulated wall clock of snapshots and history
    const random = seeded(42);
    const router = await createRouter<number, number>({
      route: 'offers',
      models: { 'offers-v1': (x) => x * 0.9, 'offers-v2': (x) => x * 0.95 },
      source: fileSource(file),
      fallback: 'offers-v1',
      clock,
      registry: (await loadRegistry(registryPath(file)))?.models, // events name the artifacts
    });
    const controller = rolloutController({
      router,
      writer: fileWriter(file, { now: () => new Date(at()) }),
      clock,
      intervalMs: 0, // ticked below, once a simulated day
    });
    let ready: GateReadyEvent | undefined;
    let readyOnDay: number | undefined;
    let statusWhenReady: string | undefined;
    let promotion: AutoPromotion | undefined;
    router.on('gateReady', (event) => {
      ready = event;
      log(
        `gate ready: ${event.challenger} (${event.model?.artifactUri}, sha256 ${event.model?.sha256?.slice(0, 12)}...)`,
      );
    });
    for (let day = 0; day < days && promotion === undefined; day++) {
      for (let i = 0; i < callsPerDay; i++) {
        const { decision } = await router.predictDetailed(random(), { unit: `user-${day}-${i}` });
        const model = decision.assigned as keyof typeof ACCEPT;
        router.track('accepted', random() < ACCEPT[model] ? 1 : 0, { decision });
        router.track('latency_ms', 20 + 4 * random(), { decision });
        clock.advance(DAY / callsPerDay);
      }
      await writeAnalysisSnapshot(router, snapshot, { now: at() });
      const status = router.gateStatus();
      log(`day ${day + 1}: ${status?.ready ? 'READY' : 'waiting'}: ${status?.reason}`);
      if (ready !== undefined && readyOnDay === undefined) {
        readyOnDay = day;
        statusWhenReady = formatStatus(await fileStatus(file, 'offers', { analysis: [snapshot] }), 'rollout.json');
        log(`\n$ modelroute status rollout.json offers --analysis offers.analysis.json\n${statusWhenReady}`);
      }
      const applied = new Promise((resolve) => router.once('applied', resolve));
      promotion = (await controller.tick()).promotion;
      if (promotion?.changed) await followed(applied); // the router follows the file it watches
    }
    controller.close();
    const doc = router.document!;
    await router.close();
    log(`champion now ${doc.champion}; weights ${JSON.stringify(doc.weights)}; rollbackTo ${doc.rollbackTo}`);
    return {
      readyOnDay,
      ready,
      statusWhenReady,
      promotion,
      champion: doc.champion,
      weights: doc.weights,
      rollbackTo: doc.rollbackTo,
      history: await readHistory(file),
      verified: (await verifyHistory(file)).ok,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
