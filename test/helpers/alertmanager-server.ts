// A real Alertmanager for end-to-end tests: Debian's prometheus-alertmanager on 127.0.0.1 with a
// throwaway config and storage, clustering off, killed afterwards.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort, stopProcess } from './prometheus-server.js';

/** The Alertmanager binary: `ALERTMANAGER_BIN` when set, else /usr/bin/prometheus-alertmanager (Debian's), else undefined. */
export function findAlertmanager(): string | undefined {
  const candidate = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    return undefined;
  }
}

export interface AlertmanagerServer {
  /** `127.0.0.1:port`, for Prometheus' `alerting` config. */
  readonly hostPort: string;
  stop(): Promise<void>;
  log(): string;
}

/** Starts Alertmanager with `config` (YAML text); resolves once /-/ready answers (at most 30 s). */
export async function startAlertmanager(bin: string, config: string): Promise<AlertmanagerServer> {
  const dir = await mkdtemp(join(tmpdir(), 'modelroute-alertmanager-'));
  await writeFile(join(dir, 'alertmanager.yml'), config);
  const port = await freePort();
  const child = spawn(
    bin,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=', // no gossip port: a single instance
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const server: AlertmanagerServer = {
    hostPort: `127.0.0.1:${port}`,
    async stop() {
      await stopProcess(child);
      await rm(dir, { recursive: true, force: true });
    },
    log: () => stderr,
  };
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}: ${stderr}`);
    const ready = await fetch(`http://127.0.0.1:${port}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return server;
    await delay(250);
  }
  await server.stop();
  throw new Error(`alertmanager did not become ready within 30 s: ${stderr}`);
}
