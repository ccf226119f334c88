import type { Command } from 'commander';
import { CliError, type ExitCode } from '../cli-error.js';
import { historyPath } from '../history/history-entry.js';
import { verifyHistory } from '../history/verify-history.js';
import type { Output } from '../output.js';
import { formatHistory, formatRouteAt, historyAt, routeHistory } from './history.js';

/** Runs a command's body with its output; how program.ts wraps every action. */
export type Act = (fn: (o: Output) => Promise<ExitCode>) => () => Promise<void>;

/** `modelroute history` and `modelroute audit verify`. */
export function registerHistoryCommands(program: Command, act: Act): void {
  program
    .command('history')
    .description("a route's changes from the file's history, or the route at a time (--at): champion, weights, version")
    .argument('<file>', 'rollout file')
    .requiredOption('--route <route>', 'the route')
    .option('--at <time>', 'the route as it was at this time (ISO 8601, e.g. 2026-12-01T14:30:00Z)')
    .action((file: string, opts: { route: string; at?: string }) =>
      act(async (o) => {
        if (opts.at !== undefined) {
          const r = await historyAt(file, opts.route, opts.at);
          const { route, at, champion, weights, version, since } = r;
          return o.done(formatRouteAt(r), { route, at, champion, weights, version, since });
        }
        const entries = await routeHistory(file, opts.route);
        return o.done(formatHistory(entries, opts.route), { route: opts.route, entries });
      })(),
    );

  program
    .command('audit')
    .description("check the file's history")
    .command('verify')
    .description(
      'check the hash chain of the history and that it replays to the file; exit 1 names the first bad entry',
    )
    .argument('<file>', 'rollout file')
    .option('--head <sha256>', 'a head printed by an earlier verify and kept elsewhere: it must still be in the chain')
    .action((file: string, opts: { head?: string }) =>
      act(async (o) => {
        const r = await verifyHistory(file, opts);
        if (!r.ok)
          throw new CliError(1, `${historyPath(file)}: entry at line ${r.problem!.line} is bad: ${r.problem!.message}`);
        return o.done(`${historyPath(file)}: ${r.entries} entries, chain intact, replays to ${file}; head ${r.head}`, {
          ...r,
        });
      })(),
    );
}
