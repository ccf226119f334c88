/** Exit codes of `modelroute`: 0 done, 1 invalid document or refused change, 2 usage error. */
export type ExitCode = 0 | 1 | 2;

/**
 * An error the CLI reports and exits with: `exitCode` 1 for an invalid document or a refused change,
 * 2 for a usage error. `problems` lists validation problems as `path: reason`.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: 1 | 2;
  readonly problems: readonly string[];

  constructor(exitCode: 1 | 2, message: string, problems: readonly string[] = []) {
    super(message);
    this.exitCode = exitCode;
    this.problems = problems;
  }
}
