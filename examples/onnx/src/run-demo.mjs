// The ONNX example, as a function the test and main.mjs share: builds two models, routes every call to
// fraud-v1 on a worker pool, mirrors each call to fraud-v2 (a shadow on its own pool, maxQueue 0), and
// returns what the callers got and what the shadow pairs say.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callbackSink, createRouter, staticSource } from '@modelroute/core';
import { workerModel } from '@modelroute/worker';
import { FEATURES, buildModel } from './build-model.mjs';

export async function runDemo({ calls = 200, users = 50 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'modelroute-onnx-'));
  try {
    const bytes = buildModel(join(dir, 'fraud-v1.onnx'), { seed: 1 });
    buildModel(join(dir, 'fraud-v2.onnx'), { seed: 2 });
    process.env.MODELROUTE_ONNX_DIR = dir; // worker threads copy the environment when they start
    const file = new URL('./onnx-model.mjs', import.meta.url);
    const pairs = [];
    const router = await createRouter({
      route: 'fraud-score',
      models: {
        'fraud-v1': workerModel(file, { exportName: 'fraudV1', threads: 1 }),
        // shadow-only: a copy runs now on the free thread or is dropped (maxQueue 0), at low priority
        'fraud-v2': workerModel(file, { exportName: 'fraudV2', threads: 1, maxQueue: 0, priority: 'low' }),
      },
      source: staticSource({
        routes: {
          'fraud-score': {
            champion: 'fraud-v1',
            weights: { 'fraud-v1': 100 },
            shadow: [{ model: 'fraud-v2', fraction: 1 }],
          },
        },
      }),
      fallback: 'fraud-v1',
      isValid: (y) => y.score >= 0 && y.score <= 1,
      shadow: {
        compare: (a, b) => b.score - a.score,
        tolerance: 0.05,
        sinks: [callbackSink((record) => void pairs.push(record))],
      },
    });
    const scores = [];
    for (let i = 0; i < calls; i++) {
      const features = Array.from({ length: FEATURES }, (_, k) => Math.sin(i * 31 + k));
      scores.push((await router.predict({ features }, { unit: `user-${i % users}` })).score);
    }
    await router.close(); // drains the shadow copies, then ends both pools
    const outcomes = {};
    for (const p of pairs) outcomes[p.shadow.outcome] = (outcomes[p.shadow.outcome] ?? 0) + 1;
    return {
      modelBytes: bytes,
      scores,
      pairs: pairs.length,
      outcomes,
      agree: pairs.filter((p) => p.comparison === 'agree').length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
