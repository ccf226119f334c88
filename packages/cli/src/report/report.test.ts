import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter, staticSource } from '@modelroute/core';
import { manualClock } from '@modelroute/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRoute } from '../file/change-file.js';
import { readHistory } from '../history/read-history.js';
import { runCli } from '../program.js';
import { analysisSnapshot, writeAnalysisSnapshot } from './analysis-snapshot.js';
import { escapeHtml } from './html.js';
import { gatherReport } from './report-data.js';
import { headline } from './report-headline.js';
import { renderReport } from './render-report.js';
import { routeTimeline } from './route-timeline.js';

const route = { champion: 'a', weights: { a: 90, b: 10 }, guard: { p99LatencyMs: 5, minCalls: 5 } };

describe('report data', () => {
  let dir = '';
  let file = '';
  const run = async (argv: string[]) => {
    let out = '';
    const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (out += s) });
    return { code, out };
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'modelroute-report-data-'));
    file = join(dir, 'rollout.json');
    await writeFile(file, JSON.stringify({ routes: { checkout: route, other: route } }));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('replays the history once into the weights each change left, for one route only', async () => {
    for (const [r, share] of [
      ['checkout', 20],
      ['other', 30],
      ['checkout', 50],
    ] as const)
      await changeRoute(
        file,
        r,
        'set',
        (d) => ({ ...d, weights: { a: 100 - share, b: share } }),
        () => `b ${share}`,
        { actor: 'alice' },
      );
    const timeline = routeTimeline(await readHistory(file), 'checkout');
    expect(timeline.map((e) => e.weights)).toEqual([
      { a: 80, b: 20 },
      { a: 50, b: 50 },
    ]);
    expect(timeline.map((e) => e.actor)).toEqual(['alice', 'alice']);
  });

  it('says STOP when the snapshot shows a guard trip, NO EVIDENCE without a snapshot', async () => {
    const clock = manualClock(0);
    const router = await createRouter<number, number>({
      route: 'checkout',
      models: {
        a: (x) => x,
        b: (x) => {
          clock.advance(50); // slower than the guard's 5 ms p99
          return x;
        },
      },
      source: staticSource({ routes: { checkout: { ...route, weights: { a: 50, b: 50 } } } }),
      fallback: 'a',
      clock,
    });
    for (let i = 0; i < 200; i++) await router.predict(i, { unit: `u${i}` });
    const snapshot = join(dir, 'snapshot.json');
    const written = await writeAnalysisSnapshot(router, snapshot, { now: 1000, clock });
    expect(written).toEqual(analysisSnapshot(router, { now: 1000, clock }));
    await router.close();
    expect(written).toMatchObject({
      kind: 'modelroute.analysis-snapshot',
      v: 1,
      route: 'checkout',
      analysis: null,
      at: '1970-01-01T00:00:01.000Z',
    });

    const h = headline(await gatherReport(file, 'checkout', { analysis: snapshot }));
    expect(h).toMatchObject({ answer: 'stop', trips: 'b open (p99_latency)', weights: 'a 50% · b 50%' });
    expect(h.because).toContain('the guard took b out of traffic');
    expect(headline(await gatherReport(file, 'checkout')).answer).toBe('no-evidence');
  });

  it("shows a guard trip at its wall-clock time, from the router's clock reading the snapshot records", async () => {
    const clock = manualClock(7_200_000); // the router's clock: two hours since the process started
    const router = await createRouter<number, number>({
      route: 'checkout',
      models: {
        a: (x) => x,
        b: (x) => {
          clock.advance(50);
          return x;
        },
      },
      source: staticSource({ routes: { checkout: { ...route, weights: { a: 50, b: 50 } } } }),
      fallback: 'a',
      clock,
    });
    for (let i = 0; i < 200; i++) await router.predict(i, { unit: `u${i}` });
    const trippedAt = router.guardStatus().find((g) => g.variant === 'b')!.trippedAt!;
    clock.advance(60_000); // the snapshot is taken a minute after the trip
    const now = Date.UTC(2026, 11, 2, 12, 0, 0);
    const snapshot = join(dir, 'snapshot-clock.json');
    const written = await writeAnalysisSnapshot(router, snapshot, { now, clock });
    expect(written.clockAt).toBe(clock.now());
    await router.close();
    const html = renderReport(await gatherReport(file, 'checkout', { analysis: snapshot }));
    const wall = new Date(now - (clock.now() - trippedAt)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(html).toContain(`p99_latency at ${wall}`);
    expect(html).not.toContain('1970-01-01');
  });

  it('refuses a file that is not a snapshot, a snapshot of another route, an unknown route', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"hello": 1}');
    const out = join(dir, 'r.html');
    const notSnapshot = await run(['report', file, '--route', 'checkout', '--out', out, '--analysis', bad]);
    expect(notSnapshot).toMatchObject({ code: 1 });
    expect(notSnapshot.out).toContain('is not an analysis snapshot');
    const other = await run([
      'report',
      file,
      '--route',
      'other',
      '--out',
      out,
      '--analysis',
      join(dir, 'snapshot.json'),
    ]);
    expect(other.out).toContain('is a snapshot of route "checkout", not "other"');
    expect((await run(['report', file, '--route', 'nope', '--out', out])).code).toBe(1);
    expect((await run(['report', file, '--route', 'checkout'])).code).toBe(2);
  });
});
