// The same A/B test as a service, one of a fleet: POST /predict classifies a flower for a unit, POST /track
// records an outcome for a unit, GET /metrics serves the router's counters to Prometheus, GET /analysis
// this instance's own analysis. `modelroute analyze rollout.json --prometheus URL --route iris` analyses the
// whole fleet from Prometheus' sums.
//   PORT (default 8080; 0 picks a free port), HOST (default 127.0.0.1),
//   ROLLOUT_FILE (a rollout document to follow; default: the 50/50 document of experiment.ts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRouter, fileSource, staticSource } from '@modelroute/core';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { rollout } from './experiment.js';
import { trainGaussianNaiveBayes, trainSepalCentroid, type Flower } from './iris-models.js';

const exporter = new PrometheusExporter({ preventServerStart: true });
const meterProvider = new MeterProvider({ readers: [exporter] });
const file = process.env.ROLLOUT_FILE;
const router = await createRouter({
  route: 'iris',
  models: { 'sepal-centroid': trainSepalCentroid(), 'gaussian-nb': trainGaussianNaiveBayes() },
  source: file ? fileSource(file) : staticSource(rollout),
  fallback: 'sepal-centroid',
  meterProvider,
});

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
};

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/metrics') return exporter.getMetricsRequestHandler(req, res);
  if (req.method === 'GET' && path === '/analysis') return send(res, 200, router.analysis() ?? null);
  if (req.method !== 'POST' || (path !== '/predict' && path !== '/track'))
    return send(res, 404, { error: 'try POST /predict, POST /track, GET /metrics or GET /analysis' });
  void readJson(req).then(
    async (body) => {
      const unit = String(body.unit);
      if (path === '/track')
        return send(res, 200, { result: router.track(String(body.metric), Number(body.value), { unit }) });
      const { output, decision } = await router.predictDetailed(body.flower as Flower, { unit });
      send(res, 200, { ...output, variant: decision.variant });
    },
    (error: Error) => send(res, 400, { error: error.message }),
  );
});
server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(`listening on http://${address}:${port} (POST /predict, POST /track, GET /metrics, GET /analysis)`);
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
