import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter, type RouteDocument, staticSource } from '@modelroute/core';
import { manualClock } from '@modelroute/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRoute } from '../file/change-file.js';
import { verifyHistory } from '../history/verify-history.js';
import { runCli } from '../program.js';
import { writeAnalysisSnapshot } from './analysis-snapshot.js';
import { launchChromium, visitReport } from './open-in-chromium.test-support.js';
import { writeSyntheticHistory } from './synthetic-history.test-support.js';

// The report opened in headless Chromium: no console error, no request, every plot drawn with data.
const XSS = `</td></tr></table><script>alert(1)</script><img src="http://127.0.0.1:9/x.png" onerror="alert(2)">`;
const START = Date.parse('2026-11-30T08:00:00Z');
const route: RouteDocument = {
  champion: 'a',
  weights: { a: 100, b: 0 },
  experiment: {
    metrics: [{ name: 'converted', kind: 'proportion', direction: 'increase', mde: 0.2, role: 'primary' }],
  },
  guard: { p99LatencyMs: 100, minCalls: 10 },
};

describe('modelroute report in Chromium', () => {
  let dir = '';
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let prometheus: Server;
  let url = '';
  const queries: string[] = [];
  const run = async (argv: string[]) => {
    let out = '';
    const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (out += s) });
    return { code, out };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'modelroute-report-'));
    chromium = await launchChromium();
    // Answers like Prometheus' /api/v1/query_range: per variant a series over the range asked.
    prometheus = createServer((req, res) => {
      const params = new URL(req.url!, 'http://x').searchParams;
      queries.push(params.get('query')!);
      const [start, end, step] = ['start', 'end', 'step'].map((k) => Number(params.get(k)));
      const values = (k: number) =>
        Array.from({ length: Math.floor((end! - start!) / step!) + 1 }, (_, i) => [
          start! + i * step!,
          String(0.2 * k + 0.01 * (i % 7)),
        ]);
      const result = ['a', 'b'].map((v, k) => ({ metric: { feature_flag_result_variant: v }, values: values(k + 1) }));
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }));
    });
    await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(prometheus.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await chromium.close();
    await new Promise((resolve) => prometheus.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('draws every plot with data from the history, a snapshot and Prometheus; escapes an XSS-ish reason', async () => {
    const file = join(dir, 'full.json');
    await writeFile(file, JSON.stringify({ routes: { checkout: route } }));
    const shares = [5, 20, 50];
    for (const [i, share] of shares.entries())
      await changeRoute(
        file,
        'checkout',
        i === 0 ? 'set' : 'advance',
        (d) => ({ ...d, weights: { a: 100 - share, b: share } }),
        () => `b at ${share}%`,
        {
          actor: i === 0 ? 'alice' : 'rollout-controller',
          reason: i === 0 ? XSS : `advance to ${share}%`,
          now: () => new Date(START + i * 3_600_000),
          ...(i === 0
            ? {}
            : {
                evidence: {
                  action: 'advance',
                  outcome: 'successful',
                  code: 'sample_reached',
                  reason: XSS,
                  step: { index: i - 1, count: 4, weight: shares[i - 1], nextWeight: share },
                  evidence: { candidate: 'b', share },
                },
              }),
        },
      );
    const clock = manualClock(START + 3 * 3_600_000);
    const router = await createRouter<number, number>({
      route: 'checkout',
      models: { a: (x) => (x % 10 === 0 ? 1 : 0), b: (x) => (x % 8 === 0 ? 1 : 0) },
      source: staticSource({ routes: { checkout: { ...route, weights: { a: 50, b: 50 } } } }),
      fallback: 'a',
      clock,
    });
    for (let i = 0; i < 4000; i++)
      router.track('converted', await router.predict(i, { unit: `u${i}` }), { unit: `u${i}` });
    const snapshot = join(dir, 'snapshot.json');
    await writeAnalysisSnapshot(router, snapshot, { now: clock.now() });
    await router.close();

    const out = join(dir, 'full.html');
    const r = await run([
      'report',
      file,
      '--route',
      'checkout',
      '--out',
      out,
      '--analysis',
      snapshot,
      '--prometheus',
      url,
    ]);
    expect(r.out).toContain('wrote');
    expect(r.code).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(queries.some((q) => q.includes('histogram_quantile(0.99'))).toBe(true);

    const visit = await visitReport(chromium.browser, out);
    expect(visit.errors).toEqual([]);
    expect(visit.requests).toEqual([]);
    const ids = visit.plots.map((p) => p.id).sort();
    expect(ids).toEqual([
      'errorRate',
      'forest:converted',
      'invalidRate',
      'p99Ms',
      'shadowAgreement',
      'share',
      'weights',
    ]);
    for (const plot of visit.plots) {
      expect(plot.points, plot.id).toBeGreaterThan(0);
      expect(plot.shapes, plot.id).toBeGreaterThan(0);
    }
    expect(visit.plots.find((p) => p.id === 'weights')!.points).toBe(2 * 3);
  });

  it('renders a route with no history: the page says so, nothing fails', async () => {
    const file = join(dir, 'empty.json');
    await writeFile(file, JSON.stringify({ routes: { checkout: route } }));
    const out = join(dir, 'empty.html');
    expect((await run(['report', file, '--route', 'checkout', '--out', out])).code).toBe(0);
    const visit = await visitReport(chromium.browser, out);
    expect(visit).toMatchObject({ errors: [], requests: [], answer: 'no-evidence' });
    expect(visit.plots).toEqual([{ id: 'weights', points: 0, shapes: 0 }]);
    expect(await readFile(out, 'utf8')).toContain('The history has no entry for this route.');
  });

  it('renders a 10,000-change history: every change in the weights plot and the table', async () => {
    const file = join(dir, 'long.json');
    await writeSyntheticHistory(file, 'checkout', 10_000, START);
    expect((await verifyHistory(file)).ok).toBe(true);
    const out = join(dir, 'long.html');
    expect((await run(['report', file, '--route', 'checkout', '--out', out])).code).toBe(0);
    const visit = await visitReport(chromium.browser, out);
    expect(visit).toMatchObject({ errors: [], requests: [] });
    expect(visit.plots).toEqual([{ id: 'weights', points: 2 * 10_000, shapes: 2 }]);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('<h3>Changes (10000)</h3>');
    expect(html.match(/<tr><td class="num">/g)).toHaveLength(500 + 500); // the most recent changes and decisions
    expect(html).toContain('The 500 most recent changes of 10000');
  });
});
