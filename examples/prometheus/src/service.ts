import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Router } from '@modelroute/core';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { Score, Transaction } from './models.js';

const MAX_BODY_BYTES = 64 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function parsePredict(body: unknown): { unit: string | undefined; transaction: Transaction } {
  const b = body as { unit?: unknown; transaction?: Partial<Transaction> } | null;
  const tx = b?.transaction;
  if (!tx || typeof tx.amount !== 'number' || typeof tx.country !== 'string')
    throw new Error('send {"unit": "user-1", "transaction": {"amount": 120, "country": "NL"}}');
  if (b.unit !== undefined && typeof b.unit !== 'string') throw new Error('"unit" must be a string');
  return { unit: b.unit, transaction: tx as Transaction };
}

/**
 * The service: POST /predict scores a transaction through the router (the answer says which model
 * answered and why), GET /metrics is Prometheus' scrape endpoint, GET /healthz says ok.
 */
export function createService(router: Router<Transaction, Score>, exporter: PrometheusExporter): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') return exporter.getMetricsRequestHandler(req, res);
    if (req.method === 'GET' && path === '/healthz')
      return send(res, 200, { ok: true, route: router.route, configVersion: router.configVersion ?? null });
    if (req.method !== 'POST' || path !== '/predict')
      return send(res, 404, { error: 'try POST /predict, GET /metrics or GET /healthz' });
    void (async () => {
      let call: ReturnType<typeof parsePredict>;
      try {
        call = parsePredict(await readJson(req));
      } catch (error) {
        return send(res, 400, { error: (error as Error).message });
      }
      try {
        const { output, decision } = await router.predictDetailed(
          call.transaction,
          call.unit === undefined ? undefined : { unit: call.unit },
        );
        send(res, 200, { score: output.score, variant: decision.variant, reason: decision.reason });
      } catch (error) {
        // The model's own error. With a unit the assignment is sticky, so decide() names the model that failed.
        send(res, 502, {
          error: (error as Error).message,
          variant: call.unit === undefined ? null : router.decide(call.unit).variant,
        });
      }
    })();
  });
}
