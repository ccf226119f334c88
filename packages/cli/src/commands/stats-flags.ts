import { isStatsError } from '@modelroute/stats';
import { CliError } from '../cli-error.js';

/**
 * Reads a numeric flag value. A value that is not a number is a bad flag value (exit 1), named with
 * its flag; `undefined` (the flag was not given) stays undefined.
 */
export function numberFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (Number.isNaN(value)) throw new CliError(1, `${flag} must be a number, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * Turns a `StatsError` about argument `argument` into a CLI error that names the flag it came from
 * (`flags` maps stats argument names to flags, e.g. `{ sd: '--sd' }`): exit 1, a bad flag value.
 * Anything else is rethrown as it is.
 */
export function flagError(error: unknown, flags: Readonly<Record<string, string>>): never {
  if (!isStatsError(error)) throw error;
  const flag = flags[error.argument];
  // Stats messages read `fn: argument must be ...; what to do`: drop the function, name the flag.
  const text = error.message.replace(/^[\w.]+: /, '');
  if (flag === undefined) throw new CliError(1, text);
  throw new CliError(
    1,
    text.startsWith(`${error.argument} `) ? `${flag}${text.slice(error.argument.length)}` : `${flag}: ${text}`,
  );
}

/** The significance level flag: strictly between 0 and 1 (exit 1 otherwise). Default 0.05. */
export function alphaFlag(text: string | undefined): number {
  const alpha = numberFlag('--alpha', text) ?? 0.05;
  if (!(alpha > 0 && alpha < 1))
    throw new CliError(
      1,
      `--alpha must be strictly between 0 and 1 (got ${alpha}); use a significance level such as 0.05`,
    );
  return alpha;
}
