// Issue 13, end to end: Debian's Prometheus scrapes three service processes per rollout file; the real
// `modelroute controller` binary runs as a child process per file and advances, holds or rolls back from
// PromQL sums alone. A good candidate reaches 100% and is promoted; a 10% worse one (no errors) is rolled
// back. The files and audit logs are checked, no call fails, and every service follows every write within 1 s.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canary, rolloutDocument, type RouteDocument } from '../packages/core/src/index.js';
import { findPrometheus, startPrometheus, type PrometheusServer } from './helpers/prometheus-server.js';

const bin = findPrometheus();
const inCi = process.env.CI === 'true';
const missing = bin === undefined ? 'no prometheus binary; apt-get install prometheus (.ci/run does)' : undefined;
if (missing && !inCi) console.warn(`controller-e2e: SKIPPED: ${missing}`);

const coreDist = fileURLToPath(new URL('../packages/core/dist/index.js', import.meta.url));
const cliBin = fileURLToPath(new URL('../packages/cli/dist/cli.js', import.meta.url));
const service = fileURLToPath(new URL('./fixtures/staged-service.mjs', import.meta.url));
const fromExample = createRequire(fileURLToPath(new URL('../examples/prometheus/package.json', import.meta.url)));
const otel = [
  fromExample.resolve('@opentelemetry/exporter-prometheus'),
  fromExample.resolve('@opentelemetry/sdk-metrics'),
];

interface Line {
  name: string;
  type: 'ready' | 'applied' | 'closed';
  port?: number;
  version?: string;
  at?: number;
  calls?: number;
  failures?: number;
}

class Service {
  readonly lines: Line[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  constructor(
    file: string,
    route: string,
    readonly name: string,
    candidateMean: number,
  ) {
    this.child = spawn(process.execPath, [service, coreDist, ...otel, file, route, name, String(candidateMean)]);
    createInterface({ input: this.child.stdout }).on('line', (text) => this.lines.push(JSON.parse(text) as Line));
    this.child.stderr.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d.toString()}`));
  }
  async until(type: Line['type'], ms = 60_000): Promise<Line> {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await delay(25)) {
      const found = this.lines.find((l) => l.type === type);
      if (found) return found;
    }
    throw new Error(`${this.name}: no ${type} line within ${ms} ms: ${JSON.stringify(this.lines.slice(-3))}`);
  }
  stop(): Promise<Line> {
    this.child.stdin.end();
    return this.until('closed');
  }
  kill(): void {
    this.child.kill('SIGKILL');
  }
}

interface Scenario {
  route: string;
  file: string;
  services: Service[];
  controller?: ChildProcessWithoutNullStreams;
  output: string;
}

const STEP_MS = 3000;
const route = (): RouteDocument =>
  canary({
    stable: 'ranker-v1',
    canary: 'ranker-v2',
    steps: [
      { weight: 5, minDurationMs: STEP_MS },
      { weight: 20, minDurationMs: STEP_MS },
      { weight: 50, minDurationMs: STEP_MS },
      { weight: 100, minDurationMs: 1000 },
    ],
    experiment: { metrics: [{ name: 'revenue', kind: 'mean', direction: 'increase', mde: 0.05, role: 'primary' }] },
  });
const readRoute = async (s: Scenario): Promise<RouteDocument> =>
  (JSON.parse(await readFile(s.file, 'utf8')) as { routes: Record<string, RouteDocument> }).routes[s.route]!;
const auditOf = async (s: Scenario) =>
  (await readFile(`${s.file}.audit.log`, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditLine);

const runOnce = (args: string[]) =>
  new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [cliBin, 'controller', ...args, '--once'], (error, stdout) =>
      resolve({ code: error ? Number((error as { code?: unknown }).code) : 0, stdout }),
    );
  });

interface AuditLine {
  at: string;
  action: string;
  actor: string;
  changes: Record<string, { version?: string }>;
  evidence: { code: string; step?: { nextWeight?: number } };
}

async function waitFor(what: string, ms: number, test: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await delay(250)) if (await test()) return;
  throw new Error(`not within ${ms} ms: ${what}`);
}

describe.skipIf(missing !== undefined && !inCi)('modelroute controller on a fleet, from a real Prometheus', () => {
  let dir = '';
  let prometheus: PrometheusServer | undefined;
  const scenarios: Record<'good' | 'bad', Scenario> = {} as never;

  beforeAll(async () => {
    if (missing) throw new Error(`CI=true, so this is a failure, not a skip: ${missing}`);
    dir = await mkdtemp(join(tmpdir(), 'modelroute-controller-e2e-'));
    for (const [kind, mean] of [
      ['good', 10],
      ['bad', 9],
    ] as const) {
      const name = `ranking-${kind}`;
      const file = join(dir, `${kind}.json`);
      await writeFile(file, JSON.stringify(rolloutDocument({ [name]: route() }), null, 2));
      scenarios[kind] = {
        route: name,
        file,
        services: [0, 1, 2].map((i) => new Service(file, name, `${kind}-${i}`, mean)),
        output: '',
      };
    }
    const all = [...scenarios.good.services, ...scenarios.bad.services];
    const ports = await Promise.all(all.map(async (s) => (await s.until('ready')).port!));
    prometheus = await startPrometheus({
      bin: bin!,
      targets: ports.map((p) => `127.0.0.1:${p}`),
      job: 'staged',
      scrapeIntervalS: 1,
    });
    for (const s of Object.values(scenarios)) {
      const args = [
        'controller',
        '--file',
        s.file,
        '--route',
        s.route,
        '--prometheus',
        prometheus.url,
        '--interval',
        '500ms',
      ];
      s.controller = spawn(process.execPath, [cliBin, ...args]);
      s.controller.stdout.on('data', (d: Buffer) => (s.output += d.toString()));
      s.controller.stderr.on('data', (d: Buffer) => (s.output += d.toString()));
    }
    await Promise.all([
      waitFor(
        'the good candidate promoted',
        120_000,
        async () => (await readRoute(scenarios.good)).champion === 'ranker-v2',
      ),
      waitFor(
        'the bad candidate rolled back',
        120_000,
        async () => (await readRoute(scenarios.bad)).weights['ranker-v2'] === 0,
      ),
    ]).catch((error: Error) => {
      throw new Error(
        `${error.message}\ngood:\n${scenarios.good.output.slice(-2000)}\nbad:\n${scenarios.bad.output.slice(-2000)}`,
      );
    });
  }, 180_000);

  afterAll(async () => {
    for (const s of Object.values(scenarios)) {
      s.controller?.kill('SIGTERM');
      for (const svc of s.services) svc.kill();
    }
    await prometheus?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('advances a good candidate 5 -> 20 -> 50 -> 100 and promotes it, by the statistics alone', async () => {
    expect(await readRoute(scenarios.good)).toMatchObject({
      champion: 'ranker-v2',
      weights: { 'ranker-v1': 0, 'ranker-v2': 100 },
      rollbackTo: 'ranker-v1',
    });
    const changes = (await auditOf(scenarios.good)).filter((e) => e.action !== 'hold');
    expect(changes.map((e) => `${e.action}:${e.evidence.step?.nextWeight}`)).toEqual([
      'advance:20',
      'advance:50',
      'advance:100',
      'complete:undefined',
    ]);
    expect(changes.every((e) => e.actor === 'modelroute-controller')).toBe(true);
    expect(scenarios.good.output).toMatch(/advance \(successful\)/);
    // A CronJob-style run on the finished rollout: nothing left to do, nothing written (idempotent).
    const before = await readFile(scenarios.good.file, 'utf8');
    const once = await runOnce([
      '--file',
      scenarios.good.file,
      '--route',
      scenarios.good.route,
      '--prometheus',
      prometheus!.url,
    ]);
    expect(once).toMatchObject({ code: 0, stdout: expect.stringContaining('wait (running)') });
    expect(await readFile(scenarios.good.file, 'utf8')).toBe(before);
  });

  it('rolls a 10% worse candidate back, with the evidence in the audit log', async () => {
    const doc = await readRoute(scenarios.bad);
    expect(doc.weights).toEqual({ 'ranker-v1': 100, 'ranker-v2': 0 });
    const changes = (await auditOf(scenarios.bad)).filter((e) => e.action !== 'hold');
    expect(changes.at(-1)).toMatchObject({ action: 'rollback', evidence: { code: 'metric_worse' } });
    expect(changes.some((e) => e.action === 'complete')).toBe(false);
  });

  it('every service follows each write within 1 s, and no call fails', async () => {
    const lags: number[] = [];
    for (const s of Object.values(scenarios)) {
      const writes = (await auditOf(s)).filter((e) => e.action !== 'hold');
      for (const svc of s.services)
        for (const write of writes) {
          const version = write.changes[s.route]!.version;
          const applied = svc.lines.find((l) => l.type === 'applied' && l.version === version);
          expect(applied, `${svc.name} never applied ${write.action} (${version})`).toBeDefined();
          lags.push(applied!.at! - Date.parse(write.at));
        }
      for (const svc of s.services) {
        const closed = await svc.stop();
        expect(closed.calls).toBeGreaterThan(1000);
        expect(closed.failures).toBe(0);
      }
    }
    if (process.env.SHOW_LAGS) console.log('write -> applied, ms:', lags.sort((a, b) => a - b).join(' '));
    expect(Math.max(...lags)).toBeLessThan(1000);
  });
});
