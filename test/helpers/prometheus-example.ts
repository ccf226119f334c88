// Runs examples/prometheus as a real child process (as `pnpm start` would) and finds its port.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXAMPLE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../examples/prometheus');

export interface ExampleProcess {
  /** `127.0.0.1:port`, for a scrape config. */
  readonly hostPort: string;
  readonly url: string;
  stop(): Promise<void>;
  output(): string;
}

/**
 * Starts the example service on a free port of 127.0.0.1; resolves once it listens (at most 30 s). Another
 * example's service: `dir` (its folder) and `script` (default `src/main.ts`); it must print `listening on http://…`.
 */
export async function startPrometheusExample(
  env: Record<string, string> = {},
  { dir = EXAMPLE_DIR, script = 'src/main.ts' }: { dir?: string; script?: string } = {},
): Promise<ExampleProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: dir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If the test process ends without afterAll (killed, crashed), do not leave the child behind.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const hostPort = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the example did not start within 30 s:\n${output}`)), 30_000);
    const onData = (): void => {
      const match = /listening on http:\/\/(127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the example exited with ${code} before listening:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { hostPort, url: `http://${hostPort}`, stop, output: () => output };
}
