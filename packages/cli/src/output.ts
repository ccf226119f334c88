import { CliError, type ExitCode } from './cli-error.js';

/** Where and how the CLI reports: human lines, or one JSON object per run (`--json`). */
export interface Output {
  readonly json: boolean;
  /** A success: `human` for people, `data` for machines (gets `ok: true`). */
  done(human: string, data: Record<string, unknown>): ExitCode;
  /** A failure: an exit code and a message (stderr for people; a JSON object on stdout with `--json`). */
  fail(error: unknown): ExitCode;
}

export function createOutput(json: boolean, stdout: (s: string) => void, stderr: (s: string) => void): Output {
  return {
    json,
    done(human, data) {
      stdout(json ? `${JSON.stringify({ ok: true, ...data })}\n` : `${human.replace(/\n*$/, '')}\n`);
      return 0;
    },
    fail(error) {
      const known = error instanceof CliError;
      const exitCode: ExitCode = known ? error.exitCode : 1;
      const message = known
        ? error.message
        : `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
      const problems = known ? error.problems : [];
      if (json) stdout(`${JSON.stringify({ ok: false, exitCode, error: message, problems })}\n`);
      else stderr(`modelroute: ${message}\n${problems.map((p) => `  ${p}\n`).join('')}`);
      return exitCode;
    },
  };
}
