import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// Issue 5, end to end: two separate Node processes serve predictions from one rollout file; the real
// `modelroute rollback` binary runs as a child process; both must route everything to the champion,
// with no failed call. The propagation time (file written -> applied in each process) is printed.
const coreDist = fileURLToPath(new URL('../packages/core/dist/index.js', import.meta.url));
const cliBin = fileURLToPath(new URL('../packages/cli/dist/cli.js', import.meta.url));
const server = fileURLToPath(new URL('./fixtures/rollback-server.mjs', import.meta.url));

interface Line {
  name: string;
  type: 'ready' | 'applied' | 'report' | 'closed' | 'trip';
  variant?: string;
  trigger?: string;
  version?: string;
  at: number;
  since?: number;
  calls?: number;
  variants?: Record<string, number>;
  failures?: number;
}

class Service {
  readonly lines: Line[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private waiters: Array<() => void> = [];

  constructor(
    file: string,
    readonly name: string,
    extra: string[] = [],
  ) {
    this.child = spawn(process.execPath, [server, coreDist, file, name, ...extra]);
    createInterface({ input: this.child.stdout }).on('line', (text) => {
      this.lines.push(JSON.parse(text) as Line);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.child.stderr.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d.toString()}`));
  }

  /** Waits (at most `ms`) for a line that satisfies `test`. */
  async until(test: (line: Line) => boolean, ms: number, what: string): Promise<Line> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.lines.find(test);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `${this.name}: no ${what} within ${ms} ms; last lines: ${JSON.stringify(this.lines.slice(-3))}`,
        );
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async stop(): Promise<Line> {
    this.child.stdin.end();
    return this.until((l) => l.type === 'closed', 10_000, 'closed line');
  }

  kill(): void {
    this.child.kill();
  }
}

const runCli = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [cliBin, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: unknown }).code) : 0, stdout, stderr }),
    );
  });

let dir: string | undefined;
const services: Service[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) s.kill();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('fleet rollback with the modelroute CLI', () => {
  it('two processes on one rollout file route everything to the champion after `modelroute rollback`, with no failed call', async () => {
    for (const built of [coreDist, cliBin])
      expect(existsSync(built), `${built} is missing: run \`pnpm build\` (pnpm test does it first)`).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'modelroute-rollback-e2e-'));
    const file = join(dir, 'rollout.json');
    await writeFile(
      file,
      JSON.stringify(
        {
          routes: {
            'fraud-score': {
              champion: 'fraud-v3',
              weights: { 'fraud-v3': 50, 'fraud-v4': 50 },
              guard: { failover: true },
            },
          },
        },
        null,
        2,
      ),
    );

    const fleet = [new Service(file, 'service-a'), new Service(file, 'service-b')];
    services.push(...fleet);
    // Both serve, and both send real traffic to the candidate before the rollback.
    for (const s of fleet)
      await s.until(
        (l) => l.type === 'report' && (l.variants?.['fraud-v4'] ?? 0) > 0 && (l.variants?.['fraud-v3'] ?? 0) > 0,
        15_000,
        'report with both variants',
      );

    const cli = await runCli(['rollback', file, 'fraud-score', '--reason', 'e2e', '--actor', 'e2e-test', '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    const writtenAt = (await stat(file)).mtimeMs;
    const status = JSON.parse((await runCli(['status', file, 'fraud-score', '--json'])).stdout) as {
      routes: Array<{ version: string }>;
    };
    const version = status.routes[0]!.version;

    const propagation: number[] = [];
    for (const s of fleet) {
      // The version `modelroute status` reports is the one each router applies.
      const applied = await s.until((l) => l.type === 'applied' && l.version === version, 10_000, `applied ${version}`);
      propagation.push(applied.at - writtenAt);
      // Every report that starts after the switch is champion-only.
      const after = await s.until(
        (l) => l.type === 'report' && l.since! > applied.at && (l.calls ?? 0) > 0,
        10_000,
        'report after the switch',
      );
      expect(Object.keys(after.variants!)).toEqual(['fraud-v3']);
    }
    const closed = await Promise.all(fleet.map((s) => s.stop()));
    expect(closed.map((l) => l.failures)).toEqual([0, 0]);
    for (const s of fleet) {
      const applied = s.lines.find((l) => l.type === 'applied' && l.version === version)!;
      const late = s.lines.filter((l) => l.type === 'report' && l.since! > applied.at);
      expect(late.every((l) => Object.keys(l.variants!).every((v) => v === 'fraud-v3'))).toBe(true);
      expect(late.reduce((n, l) => n + l.calls!, 0)).toBeGreaterThan(0);
    }
    console.log(
      `rollback propagation (file written -> applied): ${propagation.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`,
    );
    // The issue asks for one second; the bound here is generous so that a loaded CI machine does not flake.
    for (const ms of propagation) expect(ms).toBeLessThan(5_000);
  });

  it("one process's guard trips on NaN predictions, ejects the candidate locally, and its onTrip hook rolls the whole fleet back", async () => {
    const cliLib = fileURLToPath(new URL('../packages/cli/dist/index.js', import.meta.url));
    for (const built of [coreDist, cliLib])
      expect(existsSync(built), `${built} is missing: run \`pnpm build\` (pnpm test does it first)`).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'modelroute-trip-e2e-'));
    const file = join(dir, 'rollout.json');
    const guard = { invalidRate: 0.01, minCalls: 200, windowMs: 60_000 };
    await writeFile(
      file,
      JSON.stringify(
        { routes: { 'fraud-score': { champion: 'fraud-v3', weights: { 'fraud-v3': 80, 'fraud-v4': 20 }, guard } } },
        null,
        2,
      ),
    );
    const sick = new Service(file, 'service-sick', [cliLib, 'nan']);
    const healthy = new Service(file, 'service-healthy');
    services.push(sick, healthy);
    await healthy.until((l) => l.type === 'report' && (l.variants?.['fraud-v4'] ?? 0) > 0, 15_000, 'candidate traffic');
    const trip = await sick.until((l) => l.type === 'trip', 20_000, 'trip');
    expect(trip).toMatchObject({ variant: 'fraud-v4', trigger: 'invalid_rate' });
    // The hook wrote the file; the healthy process (whose guard saw nothing) follows it.
    const applied = await healthy.until(
      (l) => l.type === 'applied' && l.at > trip.at,
      10_000,
      'the rolled-back document',
    );
    const after = await healthy.until(
      (l) => l.type === 'report' && l.since! > applied.at && (l.calls ?? 0) > 0,
      10_000,
      'report after the rollback',
    );
    expect(Object.keys(after.variants!)).toEqual(['fraud-v3']);
    const closed = await Promise.all([sick.stop(), healthy.stop()]);
    expect(closed.map((l) => l.failures)).toEqual([0, 0]);
    const { readFile } = await import('node:fs/promises');
    const auditLine = JSON.parse((await readFile(`${file}.audit.log`, 'utf8')).trim().split('\n')[0]!);
    expect(auditLine).toMatchObject({
      action: 'rollback',
      actor: 'guard:service-sick',
      reason: expect.stringContaining('fraud-v4 tripped invalid_rate'),
    });
    console.log(`guard trip -> fleet rollback applied in the healthy process: ${applied.at - trip.at} ms`);
  });
});
