import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from './program.js';

/** What a run of `modelroute` printed, and its exit code. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `modelroute args...` in this process, through `runCli` with captured output: what most tests use. */
export async function modelroute(args: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

/** The built binary (`pnpm build` first). */
export const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** `modelroute args...` as a real child process of the built binary, as a shell script runs it. */
export function modelrouteProcess(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as NodeJS.ErrnoException & { code: unknown }).code) : 0, stdout, stderr });
    });
  });
}
