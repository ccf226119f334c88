// A fraud-scoring service: POST /predict, with its rollout's metrics on GET /metrics for Prometheus.
//   PORT (default 8080; 0 picks a free port), HOST (default 127.0.0.1),
//   ROLLOUT_FILE (a rollout document to follow; default: a fixed 80/20 canary of fraud-v4).
import { canary, createRouter, fileSource, rolloutDocument, staticSource } from '@modelroute/core';
import type { AddressInfo } from 'node:net';
import { models } from './models.js';
import { createService } from './service.js';
import { setUpMetrics } from './telemetry.js';

// 1. The SDK first, so the router's instruments are real from its first call.
const { meterProvider, exporter } = setUpMetrics();

// 2. The router.
const file = process.env.ROLLOUT_FILE;
const source = file
  ? fileSource(file)
  : staticSource(rolloutDocument({ 'fraud-score': canary({ stable: 'fraud-v3', canary: 'fraud-v4', percent: 20 }) }));
const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3', meterProvider });

// 3. The service.
const server = createService(router, exporter);
server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(`listening on http://${address}:${port} (POST /predict, GET /metrics)`);
});

const stop = (): void => {
  server.close();
  void router
    .close()
    .then(() => meterProvider.shutdown())
    .finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
