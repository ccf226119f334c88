import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './program.js';

// `modelroute analyze --prometheus`: its refusals, and its queries against a stand-in for Prometheus'
// HTTP API (the real one is test/experiment-fleet-e2e.test.ts).
const experiment = {
  metrics: [{ name: 'converted', kind: 'proportion', direction: 'increase', mde: 0.2, role: 'primary' }],
};
const run = async (argv: string[]) => {
  let out = '';
  const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (out += s) });
  return { code, out };
};

describe('modelroute analyze --prometheus', () => {
  let dir = '';
  let file = '';
  let server: Server;
  let url = '';
  const queries: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'modelroute-fleet-cli-'));
    file = join(dir, 'rollout.json');
    await writeFile(
      file,
      JSON.stringify({
        routes: {
          checkout: { champion: 'a', weights: { a: 50, b: 50 }, experiment, version: 'v7' },
          plain: { champion: 'a', weights: { a: 100 } },
        },
      }),
    );
    // Answers like Prometheus' /api/v1/query, from fixed sums per variant.
    const sums: Record<string, Record<string, number>> = {
      exposures: { a: 5000, b: 5000 },
      outcomes: { a: 5000, b: 5000 },
      values: { a: 500, b: 650 },
      squares: { a: 500, b: 650 },
    };
    server = createServer((req, res) => {
      const query = new URL(req.url!, 'http://x').searchParams.get('query')!;
      queries.push(query);
      const kind = /modelroute_experiment_(\w+)_total/.exec(query)![1]!;
      const result = Object.entries(sums[kind]!).flatMap(([variant, value]) => {
        const metric: Record<string, string> = { feature_flag_result_variant: variant };
        if (kind !== 'exposures') metric.modelroute_experiment_metric = 'converted';
        if (kind !== 'values') return [{ metric, value: [0, String(value)] }];
        return [
          { metric: { ...metric, modelroute_experiment_sign: 'positive' }, value: [0, String(value)] },
          { metric: { ...metric, modelroute_experiment_sign: 'negative' }, value: [0, '0'] },
        ];
      });
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sums by variant for the route and version, and analyses the sums', async () => {
    const { code, out } = await run(['--json', 'analyze', file, '--prometheus', url, '--route', 'checkout']);
    expect(code, out).toBe(0);
    expect(queries).toContain(
      'sum by (feature_flag_result_variant) (modelroute_experiment_exposures_total{feature_flag_key="checkout",feature_flag_version="v7"})',
    );
    const { analysis } = JSON.parse(out);
    expect(analysis.srm).toEqual({ pValue: 1, mismatch: false, exposures: { a: 5000, b: 5000 } });
    expect(analysis.metrics[0].variants.b.mean).toBe(0.13);
    expect(analysis.metrics[0].comparisons[0]).toMatchObject({ variant: 'b', against: 'a', verdict: 'better' });
  });

  it('says what is missing', async () => {
    expect(await run(['analyze', file, '--prometheus', url])).toMatchObject({
      code: 2,
      out: expect.stringContaining('--route <route>'),
    });
    expect(await run(['analyze', file, '--prometheus', url, '--route', 'plain'])).toMatchObject({
      code: 1,
      out: expect.stringContaining('route "plain" in'),
    });
    expect(await run(['analyze', file, '--prometheus', 'http://127.0.0.1:9', '--route', 'checkout'])).toMatchObject({
      code: 1,
      out: expect.stringContaining('cannot query Prometheus at http://127.0.0.1:9'),
    });
  });
});
