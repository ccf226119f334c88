import type { AddressInfo } from 'node:net';
import { createRouter, rolloutDocument, staticSource, abTest } from '@modelroute/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { models } from './models.js';
import { createService } from './service.js';

// The service in-process, with its own SDK and exporter (not the global provider): the scrape text it
// serves has the router's series. The real-Prometheus round trip is test/prometheus-e2e.test.ts.
describe('the example service', () => {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  let url = '';
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const source = staticSource(rolloutDocument({ 'fraud-score': abTest({ variants: ['fraud-v3', 'fraud-v4'] }) }));
    const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3', meterProvider });
    const server = createService(router, exporter);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await new Promise((resolve) => server.close(resolve));
      await router.close();
      await meterProvider.shutdown();
    };
  });
  afterAll(() => close());

  const predict = (body: unknown) => fetch(`${url}/predict`, { method: 'POST', body: JSON.stringify(body) });

  it('scores, says which model answered, reports model errors as 502, and bad requests as 400', async () => {
    const ok = await predict({ unit: 'user-1', transaction: { amount: 500, country: 'NL' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      variant: expect.stringMatching(/^fraud-v[34]$/),
      reason: 'weighted',
      score: expect.any(Number),
    });
    const failed = await predict({
      unit: 'user-2',
      transaction: { amount: 1, country: 'NL', simulate: { fail: true } },
    });
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({
      error: 'simulated model failure',
      variant: expect.stringMatching(/^fraud-v[34]$/),
    });
    expect((await predict({ unit: 'user-3' })).status).toBe(400);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
  });

  it('serves the router metrics in Prometheus text format on GET /metrics', async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    const count = (outcome: string) =>
      [
        ...text.matchAll(
          new RegExp(
            `^modelroute_prediction_duration_count\\{[^}]*modelroute_prediction_outcome="${outcome}"[^}]*\\} (\\d+)$`,
            'gm',
          ),
        ),
      ].reduce((n, m) => n + Number(m[1]), 0);
    expect(count('ok')).toBe(1);
    expect(count('error')).toBe(1);
    expect(text).toMatch(
      /^modelroute_variant_weight\{feature_flag_key="fraud-score",feature_flag_result_variant="fraud-v4"[^}]*\} 0\.5$/m,
    );
    expect(text).toMatch(/^# TYPE modelroute_decisions_total counter$/m);
    expect(text).not.toMatch(/user-[123]/); // no unit id in any label
  });

  it('simulate.model fails (or slows) only that model: a failing canary beside a healthy champion', async () => {
    const tx = { amount: 100, country: 'NL', simulate: { fail: true, model: 'fraud-v4' } };
    await expect(models['fraud-v4'](tx)).rejects.toThrow('simulated model failure');
    await expect(models['fraud-v3'](tx)).resolves.toEqual({ score: 0.01 });
  });
});
