import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The Alertmanager configuration in docs/alerts.md, checked by Debian's amtool (prometheus-alertmanager).
const AMTOOL = process.env.AMTOOL_BIN ?? '/usr/bin/amtool';
const missing = (() => {
  try {
    accessSync(AMTOOL, constants.X_OK);
    return undefined;
  } catch {
    return `no amtool at ${AMTOOL}: install Debian's prometheus-alertmanager (.ci/run does), or set AMTOOL_BIN`;
  }
})();
const inCi = process.env.CI === 'true';
if (missing && !inCi) console.warn(`alertmanager-config-doc: SKIPPED: ${missing}`);

describe.skipIf(missing !== undefined && !inCi)('the documented Alertmanager configuration', () => {
  it('passes amtool check-config, routing rollback to the webhook and page to PagerDuty', async () => {
    if (missing) throw new Error(`CI=true, so this is a failure, not a skip: ${missing}`);
    const doc = await readFile(fileURLToPath(new URL('../../docs/alerts.md', import.meta.url)), 'utf8');
    const config = /<!-- alertmanager\.yml[^>]*-->\n```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(config, 'docs/alerts.md has an alertmanager.yml block').toBeDefined();
    expect(config).toContain('matchers: [\'action="rollback"\']');
    expect(config).toContain('matchers: [\'severity="page"\']');
    const dir = await mkdtemp(join(tmpdir(), 'modelroute-amtool-'));
    try {
      await writeFile(join(dir, 'alertmanager.yml'), config!);
      const result = await new Promise<{ code: number; output: string }>((resolve) =>
        execFile(AMTOOL, ['check-config', join(dir, 'alertmanager.yml')], (error, stdout, stderr) =>
          resolve({ code: error ? 1 : 0, output: stdout + stderr }),
        ),
      );
      expect(result.output).toContain('SUCCESS');
      expect(result.output).toContain('3 receivers');
      expect(result.code).toBe(0);
      // Routing: a page with action=rollback reaches both receivers.
      const routes = await new Promise<string>((resolve) =>
        execFile(
          AMTOOL,
          [
            'config',
            'routes',
            'test',
            `--config.file=${join(dir, 'alertmanager.yml')}`,
            'severity=page',
            'action=rollback',
          ],
          (_error, stdout) => resolve(stdout.trim()),
        ),
      );
      expect(routes).toBe('modelroute-rollback,pagerduty');
      const ticket = await new Promise<string>((resolve) =>
        execFile(
          AMTOOL,
          ['config', 'routes', 'test', `--config.file=${join(dir, 'alertmanager.yml')}`, 'severity=ticket'],
          (_error, stdout) => resolve(stdout.trim()),
        ),
      );
      expect(ticket).toBe('default');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
