// A real Prometheus for end-to-end tests: started on 127.0.0.1 with a throwaway config and TSDB,
// asked through its HTTP API, killed afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** The Prometheus binary: `PROMETHEUS_BIN` when set (and only it), else `prometheus` on the PATH or in /usr/bin, else undefined. */
export function findPrometheus(): string | undefined {
  const explicit = process.env.PROMETHEUS_BIN;
  const candidates = explicit
    ? [explicit]
    : [...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'prometheus')), '/usr/bin/prometheus'];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** One sample of an instant vector. */
export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

export interface PrometheusServer {
  readonly url: string;
  /** Runs an instant PromQL query; throws on an API error. */
  query(promql: string): Promise<Sample[]>;
  /** Polls `promql` until `accept` holds (at most `timeoutMs`), and returns the last result. */
  waitFor(promql: string, accept: (samples: Sample[]) => boolean, timeoutMs?: number): Promise<Sample[]>;
  /** Stops Prometheus and removes its files. */
  stop(): Promise<void>;
  /** Everything it wrote to stderr, for failure messages. */
  log(): string;
}

export interface StartOptions {
  readonly bin: string;
  /** `host:port` targets to scrape, all in one job. */
  readonly targets: readonly string[];
  readonly job: string;
  /** Scrape interval in seconds. Default 1. */
  readonly scrapeIntervalS?: number;
  /** Picks the port of each attempt. Default {@link freePort}. Tests of the retry pass a taken one first. */
  readonly port?: () => Promise<number>;
  /** Rule files to load (absolute paths); rules are evaluated every scrape interval. Default: none. */
  readonly ruleFiles?: readonly string[];
  /** `host:port` of Alertmanagers to send alerts to. Default: none. */
  readonly alertmanagers?: readonly string[];
}

/** Stops a child process: SIGTERM, then SIGKILL after 5 s. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function startPrometheus(options: StartOptions): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'modelroute-prometheus-'));
  const interval = options.scrapeIntervalS ?? 1;
  const config = [
    'global:',
    `  scrape_interval: ${interval}s`,
    `  scrape_timeout: ${interval}s`,
    `  evaluation_interval: ${interval}s`,
    `rule_files: ${JSON.stringify(options.ruleFiles ?? [])}`,
    ...(options.alertmanagers
      ? ['alerting:', `  alertmanagers: [{ static_configs: [{ targets: ${JSON.stringify(options.alertmanagers)} }] }]`]
      : []),
    'scrape_configs:',
    `  - job_name: ${JSON.stringify(options.job)}`,
    '    metrics_path: /metrics',
    `    static_configs: [{ targets: ${JSON.stringify(options.targets)} }]`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), config);
  // The port is asked from the OS and released before Prometheus binds it, so another process may take it
  // in between: a Prometheus that exits on a bind failure is started again on a fresh port, and a ready
  // answer counts only while our own child is still running (not some other server on that port).
  for (let attempt = 1; ; attempt++) {
    const started = await launch(options.bin, dir, await (options.port ?? freePort)());
    if (started.ok) return started.server;
    await started.server.stopOnly();
    if (!started.bindFailure || attempt === 5) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(started.message);
    }
  }
}

async function launch(
  bin: string,
  dir: string,
  port: number,
): Promise<{
  ok: boolean;
  bindFailure: boolean;
  message: string;
  server: PrometheusServer & { stopOnly(): Promise<void> };
}> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    bin,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // If the test process ends without afterAll (killed, crashed), do not leave the child behind.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));

  const query = async (promql: string): Promise<Sample[]> => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    if (body.status !== 'success') throw new Error(`PromQL ${promql}: ${body.error}`);
    return body.data!.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  };
  const server = {
    url,
    query,
    async waitFor(promql: string, accept: (samples: Sample[]) => boolean, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: Sample[] = [];
      while (Date.now() < deadline) {
        last = await query(promql);
        if (accept(last)) return last;
        await delay(250);
      }
      throw new Error(
        `Prometheus: ${promql} did not reach the expected value within ${timeoutMs} ms; last: ${JSON.stringify(last)}`,
      );
    },
    async stop() {
      await stopProcess(child);
      await rm(dir, { recursive: true, force: true });
    },
    stopOnly: () => stopProcess(child),
    log: () => stderr,
  };
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const failed = (message: string) => ({
    ok: false,
    bindFailure: /address already in use|bind:/i.test(stderr),
    message,
    server,
  });

  // Ready when /-/ready answers 200 while our child runs; bounded.
  for (let i = 0; i < 120; i++) {
    if (exited()) return failed(`prometheus exited with ${child.exitCode}: ${stderr}`);
    // Bounded: whatever else holds the port may accept the connection and never answer.
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready && !exited()) return { ok: true, bindFailure: false, message: '', server };
    await delay(250);
  }
  return failed(`prometheus did not become ready on ${url} within 30 s: ${stderr}`);
}
