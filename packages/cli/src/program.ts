import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { CliError, type ExitCode } from './cli-error.js';
import { historyPath } from './history/history-entry.js';
import { registerHistoryCommands } from './commands/register-history.js';
import { type ChangeOptions, previousPath, type ChangeResult } from './file/change-file.js';
import { createOutput, type Output } from './output.js';
import { type PromoteOptions, promoteFile } from './commands/promote.js';
import { parseEvidenceFlag } from './commands/evidence-flag.js';
import { registerRegistryCommands } from './commands/register-registry.js';
import { type RollbackOptions, rollbackFile } from './commands/rollback.js';
import { parseAssignments, type SetWeightsOptions, setWeights } from './commands/set-weights.js';
import { fileStatus, formatStatus } from './commands/status.js';
import { undoFile } from './commands/undo.js';
import { validateFile } from './commands/validate-file.js';
import { analyzeFile, type AnalyzeFlags } from './commands/analyze.js';
import { formatSampleSize, planSampleSize, type SampleSizeFlags } from './commands/sample-size.js';
import { reportAnalysis } from './commands/stats-analysis-report.js';
import { formatDecision, runController, type ControllerFlags } from './commands/controller.js';
import { fleetAnalysis } from './controller/fleet-analysis.js';
import { alertsFile } from './commands/alerts.js';
import { serveAlerts, type ServeAlertsFlags } from './commands/serve-alerts.js';
import { analyzeFleet } from './commands/analyze-fleet.js';
import { reportExperiment } from './commands/experiment-report.js';
import { reportFile } from './commands/report.js';

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const version = (): string => {
  try {
    return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

const written = (r: ChangeResult): string =>
  r.changed
    ? `\n  wrote ${r.file}; previous version kept as ${previousPath(r.file)}; history entry in ${historyPath(r.file)}`
    : '';

/**
 * Runs `modelroute` with `argv` (without the node and script paths) and resolves to its exit code:
 * 0 done, 1 invalid document or refused change, 2 usage error. Never calls process.exit.
 */
export async function runCli(
  argv: readonly string[],
  io: Io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
): Promise<ExitCode> {
  let exitCode: ExitCode = 0;
  const out = (): Output => createOutput(Boolean(program.opts().json), io.stdout, io.stderr);
  const act = (fn: (o: Output) => Promise<ExitCode>) => async () => {
    const o = out();
    try {
      exitCode = await fn(o);
    } catch (error) {
      exitCode = o.fail(error);
    }
  };
  const change = (cmd: Command) =>
    cmd
      .option('--reason <text>', 'why, for the audit log')
      .option('--actor <name>', 'who, for the audit log (default: $USER)')
      .option('--force', 'allow a model the route does not name yet, or one missing from the registry (recorded)')
      .option('--evidence <json>', 'structured evidence for the history: JSON, or @file.json', parseEvidenceFlag)
      .option(
        '--label <version>',
        "set the route's version label (default: an existing label is dropped, so routers report the new content hash)",
      );

  const program = new Command('modelroute')
    .description(
      'Validate, inspect and change modelroute rollout files. Changes are validated, written atomically, undoable and audited.',
    )
    .version(version())
    .option('--json', 'print one JSON object on stdout (for scripts)')
    .exitOverride()
    .showHelpAfterError('(run modelroute --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('validate')
    .description('check a rollout file against the schema every router uses, its keys, and the model registry')
    .argument('<file>', 'rollout file (JSON)')
    .option('--registry <path>', 'the model registry (default: modelroute-registry.json beside the file, if any)')
    .action((file: string, opts: { registry?: string }) =>
      act(async (o) => {
        const r = await validateFile(file, opts);
        if (!r.ok) throw new CliError(1, `${file} is not a valid rollout document`, r.problems);
        return o.done(
          `${file} is valid: ${r.routes.length} route${r.routes.length === 1 ? '' : 's'} (${r.routes.join(', ')})`,
          { file, routes: r.routes },
        );
      })(),
    );

  program
    .command('status')
    .description(
      'show weights, shares, shadows, the guard and the promotion gate of each route (or one); with --analysis, whether the gate is ready and why',
    )
    .argument('<file>', 'rollout file')
    .argument('[route]', 'only this route')
    .option(
      '--analysis <snapshot>',
      "an analysis snapshot of a route, written by its serving process (writeAnalysisSnapshot): the gate's readiness and evidence; repeat for more routes",
      (path: string, paths: string[] = []) => [...paths, path],
    )
    .action((file: string, route: string | undefined, opts: { analysis?: string[] }) =>
      act(async (o) => {
        const routes = await fileStatus(file, route, { analysis: opts.analysis });
        return o.done(formatStatus(routes, file), { file, routes });
      })(),
    );

  change(program.command('set'))
    .description('set the weights of some variants of a route (the others keep theirs)')
    .argument('<file>', 'rollout file')
    .argument('<route>', 'route name')
    .argument('<assignments...>', 'variant=weight pairs, e.g. fraud-v3=80 fraud-v4=20')
    .option('--registry <path>', 'the model registry (default: modelroute-registry.json beside the file, if any)')
    .action((file: string, route: string, pairs: string[], opts: SetWeightsOptions) =>
      act(async (o) => {
        const r = await setWeights(file, route, parseAssignments(pairs), opts);
        return o.done(`${r.changed ? 'set' : 'unchanged'}: ${r.summary}${written(r)}`, { ...r });
      })(),
    );

  change(program.command('rollback'))
    .description('send all traffic of a route to its champion (or --to a variant)')
    .argument('<file>', 'rollout file')
    .argument('<route>', 'route name')
    .option('--to <variant>', 'the variant that takes all traffic (default: the champion)')
    .action((file: string, route: string, opts: RollbackOptions) =>
      act(async (o) => {
        const r = await rollbackFile(file, route, opts);
        return o.done(`${r.changed ? 'rolled back' : 'unchanged'}: ${r.summary}${written(r)}`, { ...r });
      })(),
    );

  change(program.command('promote'))
    .description(
      "make a variant the champion: it takes the champion's weight, the old champion becomes rollbackTo, challengers keep theirs",
    )
    .argument('<file>', 'rollout file')
    .argument('<route>', 'route name')
    .argument('<variant>', 'the new champion')
    .option('--registry <path>', 'the model registry (default: modelroute-registry.json beside the file, if any)')
    .option('--approve', 'approve as --actor (a gate with approvals: n needs n different approvers; the last promotes)')
    .option(
      '--expect-champion <model>',
      'promote only if <model> is still the champion (checked under the lock): a concurrent promotion is refused, not overwritten',
    )
    .action((file: string, route: string, variant: string, opts: PromoteOptions) =>
      act(async (o) => {
        const r = await promoteFile(file, route, variant, opts);
        const what = r.command === 'approve' ? 'approved' : r.changed ? 'promoted' : 'unchanged';
        return o.done(`${what}: ${r.summary}${written(r)}`, { ...r });
      })(),
    );

  program
    .command('undo')
    .description('restore the version before the last change (a second undo re-applies it)')
    .argument('<file>', 'rollout file')
    .option('--reason <text>', 'why, for the audit log')
    .option('--actor <name>', 'who, for the audit log (default: $USER)')
    .option('--evidence <json>', 'structured evidence for the history: JSON, or @file.json', parseEvidenceFlag)
    .action((file: string, opts: ChangeOptions) =>
      act(async (o) => {
        const r = await undoFile(file, opts);
        return o.done(`undone: ${r.summary}\n  wrote ${file}; the replaced version is now ${previousPath(file)}`, {
          ...r,
        });
      })(),
    );

  program
    .command('sample-size')
    .description('units per group to detect a difference: a continuous metric (--sd) or a rate (--p)')
    .option('--sd <sd>', 'standard deviation of a continuous metric per unit (e.g. latency in ms)')
    .option('--p <rate>', 'baseline rate of a rate metric, between 0 and 1 (e.g. an error rate of 0.02)')
    .option('--mde <delta>', 'smallest difference worth detecting: in means, or an absolute change of the rate')
    .option('--alpha <alpha>', 'two-sided significance level (default: 0.05)')
    .option('--power <power>', 'power, 1 - beta (default: 0.8)')
    .action((opts: SampleSizeFlags) =>
      act(async (o) => {
        const r = planSampleSize(opts);
        return o.done(formatSampleSize(r), { ...r });
      })(),
    );

  program
    .command('analyze')
    .description(
      'analyze an experiment: sample-ratio check, then each arm vs the control (test, CI, lift, always-valid p)',
    )
    .argument(
      '<file>',
      'results file (JSON): control, weights, and per arm n with mean and variance, or n and successes; with --prometheus, the rollout file',
    )
    .option('--alpha <alpha>', 'significance level of the tests and intervals (default: 0.05)')
    .option(
      '--tau2 <tau2>',
      'mSPRT mixing variance, on the scale of diff squared (default: 0.01 x pooled per-unit variance)',
    )
    .option('--mde <delta>', 'the effect the experiment was planned for; sets tau2 to its square')
    // Fleet mode (issue 12): the route's experiment from PromQL sums across every instance.
    .option('--prometheus <url>', "analyse a route's live experiment from Prometheus (sums across instances)")
    .option('--route <route>', 'with --prometheus: the route whose experiment to analyse')
    .option('--config-version <label>', 'with --prometheus: the document version (default: the route in the file)')
    .action((file: string, opts: AnalyzeFlags & { prometheus?: string; route?: string; configVersion?: string }) =>
      act(async (o) => {
        if (opts.prometheus === undefined) return reportAnalysis(o, await analyzeFile(file, opts));
        if (opts.route === undefined) throw new CliError(2, 'with --prometheus, name the route: --route <route>');
        const fleet = { prometheus: opts.prometheus, route: opts.route, version: opts.configVersion };
        return reportExperiment(o, await analyzeFleet(file, fleet), `Prometheus ${opts.prometheus}`);
      })(),
    );

  // Alerts: Prometheus rules from the document, and the Alertmanager webhook that rolls back (issue 16).
  program
    .command('alerts')
    .description("print Prometheus rule groups (YAML) that alert on the guard's hard triggers across the fleet")
    .argument('<file>', 'rollout file')
    .option('--route <route>', 'only this route (default: every route with a guard)')
    .option('--for <duration>', 'how long a trigger must hold before the alert fires (default: 1m)')
    .option(
      '--duration-metric <name>',
      'base name of the duration histogram (default: modelroute_prediction_duration; a collector may add _seconds)',
    )
    .action((file: string, opts: { route?: string; for?: string; durationMetric?: string }) =>
      act(async (o) => {
        const r = await alertsFile(file, opts);
        return o.done(r.yaml, { file, groups: r.groups });
      })(),
    );

  program
    .command('report')
    .description('write one self-contained HTML page on a route: where the rollout is, and whether it is safe to go on')
    .argument('<file>', 'rollout file')
    .requiredOption('--route <route>', 'the route to report on')
    .requiredOption('--out <file>', 'where to write the page, e.g. report.html')
    .option('--analysis <file>', 'an analysis snapshot written by a process (writeAnalysisSnapshot)')
    .option('--prometheus <url>', "Prometheus base URL for the fleet's figures over time")
    .action((file: string, opts: { route: string; out: string; analysis?: string; prometheus?: string }) =>
      act(async (o) => {
        const r = await reportFile(file, opts);
        return o.done(`wrote ${r.out} (${r.bytes} bytes, ${r.entries} history entries): ${r.answer}: ${r.because}`, {
          ...r,
        });
      })(),
    );

  program
    .command('serve-alerts')
    .description(
      'receive Alertmanager webhooks; take the variant of each firing action=rollback alert out of its route',
    )
    .requiredOption('--file <file>', 'rollout file to change')
    .requiredOption('--listen <host:port>', 'address to listen on, e.g. 127.0.0.1:9095 (port 0: a free one)')
    .requiredOption('--token-file <path>', 'file holding the bearer token Alertmanager sends')
    .option('--max-body <bytes>', 'largest request body accepted (default: 1048576)')
    .option('--actor <name>', 'who the audit log names for the changes (default: alertmanager)')
    .action((opts: ServeAlertsFlags) =>
      act(async () => {
        await serveAlerts(opts, (line) => io.stdout(`${line}\n`));
        return 0;
      })(),
    );

  registerHistoryCommands(program, act);
  registerRegistryCommands(program, act);

  // Staged rollouts (issue 13): the controller's fleet mode.
  program
    .command('controller')
    .description(
      "advance, hold or roll back a route's staged rollout from the fleet's figures in Prometheus; promote a ready challenger (gate.mode auto, --analysis)",
    )
    .requiredOption('--file <file>', 'rollout file (the one every service process watches)')
    .requiredOption('--route <route>', 'route name')
    .requiredOption('--prometheus <url>', 'Prometheus base URL, e.g. http://prometheus:9090')
    .option('--once', 'evaluate once and exit (for a Kubernetes CronJob)')
    .option('--interval <duration>', 'time between evaluations: 30s, 5m, 1h (default: 1m)')
    .option('--actor <name>', 'who the audit log names (default: modelroute-controller)')
    .option(
      '--analysis <snapshot>',
      'an analysis snapshot a serving process keeps writing: with gate.mode "auto", its gate verdict promotes the challenger',
    )
    .action((opts: ControllerFlags) =>
      act(async (o) => {
        let stop: () => void = () => {};
        const stopped = new Promise<void>((resolve) => (stop = resolve));
        process.once('SIGTERM', stop).once('SIGINT', stop);
        try {
          await runController(opts, {
            analysis: fleetAnalysis(opts.file, opts.prometheus, opts.route),
            report: (d) => io.stdout(o.json ? `${JSON.stringify(d)}\n` : `${formatDecision(d)}\n`),
            warn: (message) => io.stderr(`${message}\n`),
            stop: stopped,
          });
        } finally {
          process.off('SIGTERM', stop).off('SIGINT', stop);
        }
        return 0;
      })(),
    );

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // help and --version exit 0; every parse error is a usage error
    throw error;
  }
  return exitCode;
}
