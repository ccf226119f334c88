import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readHistory, reportFile } from '@modelroute/cli';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium, visitReport } from '../../../packages/cli/src/report/open-in-chromium.test-support.js';
import { buildStagedCanary, ROUTE } from './staged-canary.js';

// The staged-canary report, opened in Chromium. UPDATE_REPORT_SCREENSHOT=1 writes the docs' screenshot.
describe('report example', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('reports the canary at 50% with the controller evidence, and Chromium draws it without a request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'modelroute-report-example-'));
    dirs.push(dir);
    const { file, snapshot, at } = await buildStagedCanary(dir);
    const history = await readHistory(file);
    expect(history.map((e) => [e.actor, e.action])).toEqual([
      ['alice', 'set'],
      ['rollout-controller', 'advance'],
      ['rollout-controller', 'advance'],
    ]);
    const out = join(dir, 'report.html');
    const result = await reportFile(file, { route: ROUTE, out, analysis: snapshot, now: at });
    expect(result).toMatchObject({ answer: 'go-on', entries: 3 });
    const html = await readFile(out, 'utf8');
    expect(html).toContain('stage 3 of 4: fraud-v4 at 50%');
    const chromium = await launchChromium();
    try {
      const screenshot = process.env.UPDATE_REPORT_SCREENSHOT
        ? join(import.meta.dirname, '../../../packages/cli/docs/report.png')
        : join(dir, 'report.png');
      const visit = await visitReport(chromium.browser, out, screenshot);
      expect(visit).toMatchObject({ errors: [], requests: [], answer: 'go-on' });
      expect(visit.plots.map((p) => [p.id, p.points > 0])).toEqual([
        ['weights', true],
        ['forest:caught', true],
        ['forest:latency_ms', true],
      ]);
    } finally {
      await chromium.close();
    }
  });
});
