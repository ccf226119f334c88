import type { ControllerDecision, RouteDocument, Analysis } from '@modelroute/core';
import { rolloutController } from '@modelroute/core/controller';
import { CliError } from '../cli-error.js';
import { readAnalysisSnapshot } from '../report/analysis-snapshot.js';
import { fileWriter } from '../controller/file-writer.js';
import { fleetGuard } from '../controller/prometheus-guard.js';
import { fleetSubject } from '../controller/fleet-subject.js';

/** The flags of `modelroute controller`, as commander hands them over. */
export interface ControllerFlags {
  readonly file: string;
  readonly route: string;
  /** Prometheus base URL, e.g. http://prometheus:9090. */
  readonly prometheus: string;
  /** Evaluate once and exit (a Kubernetes CronJob). Default: false. */
  readonly once?: boolean;
  /** Time between evaluations, e.g. 30s, 5m. Default: 1m. */
  readonly interval?: string;
  /** Who the audit log names. Default: modelroute-controller. */
  readonly actor?: string;
  /**
   * An analysis snapshot of the route that a serving process keeps writing (`writeAnalysisSnapshot`): its
   * gate verdict, when it judged the file's version, lets the controller promote in `gate.mode: "auto"`.
   * Default: none (no gate data: the controller never promotes by itself).
   */
  readonly analysis?: string;
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `500ms`, `30s`, `5m`, `1h` (or a bare number of seconds) into milliseconds; anything else is a usage error. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  const ms = match === null ? Number.NaN : Number(match[1]) * UNITS[match[2] ?? 's']!;
  if (!(ms > 0)) throw new CliError(2, `--interval: "${text}" is not a duration; use e.g. 30s, 5m or 1h`);
  return ms;
}

/** One line for people about a decision. */
export function formatDecision(d: ControllerDecision): string {
  const step = d.step === undefined ? '' : ` [step ${d.step.index + 1}/${d.step.count}, ${d.step.weight}%]`;
  const line = `${d.action} (${d.outcome}): ${d.route}${step}: ${d.reason}${d.changed ? ' (file written)' : ''}`;
  const p = d.promotion;
  if (p === undefined) return line;
  const gate =
    p.error !== undefined
      ? `gate: promoting ${p.challenger} failed (${p.error}); trying again at the next evaluation`
      : `gate: promoted ${p.challenger} over ${p.champion}${p.changed ? ' (file written)' : ' (already so)'}: ${p.reason}`;
  return `${gate}\n${line}`;
}

/**
 * Fleet mode of the staged controller: each evaluation reads the rollout file and the fleet's figures from
 * Prometheus (the experiment counters summed over every process, the guard's state and trips), decides
 * with the same rules as `rolloutController`, and writes the file through the CLI's change path. Runs are
 * idempotent: a second run on the same file and figures writes nothing new, and a crash between the read
 * and the write leaves the file as it was (the write is atomic, under the file's lock).
 */
export async function runController(
  flags: ControllerFlags,
  io: {
    /** The fleet's analysis of a document version from PromQL sums; undefined when there are no figures. */
    analysis: (version: string, doc: RouteDocument) => Promise<Analysis | undefined>;
    report: (decision: ControllerDecision) => void;
    warn: (message: string) => void;
    /** Resolves when the controller should stop (SIGTERM, SIGINT). */
    stop: Promise<void>;
  },
): Promise<void> {
  const intervalMs = flags.interval === undefined ? 60_000 : parseDuration(flags.interval);
  if (!/^https?:\/\//.test(flags.prometheus))
    throw new CliError(2, `--prometheus: "${flags.prometheus}" is not a URL; use e.g. http://prometheus:9090`);
  const subject = await fleetSubject({
    file: flags.file,
    route: flags.route,
    analysis: io.analysis,
    guard: () => fleetGuard(flags.prometheus, flags.route, Math.max(intervalMs / 1000, 60)),
    ...(flags.analysis === undefined ? {} : { gate: snapshotGate(flags.analysis, flags.route, io.warn) }),
  });
  const controller = rolloutController({
    router: subject,
    writer: fileWriter(flags.file),
    intervalMs: 0,
    actor: flags.actor ?? 'modelroute-controller',
  });
  if (flags.once) {
    io.report(await controller.tick());
    return;
  }
  let stopped = false;
  let wake: () => void = () => {};
  void io.stop.then(() => {
    stopped = true;
    wake();
  });
  while (!stopped) {
    try {
      io.report(await controller.tick());
    } catch (error) {
      // One failed evaluation (Prometheus down, the file locked) does not end the controller.
      io.warn(`modelroute controller: ${(error as Error).message}; trying again in ${intervalMs} ms`);
    }
    if (stopped) break;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, intervalMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** The gate's verdict from a serving process's snapshot, for the version it judged only (a stale one is said once). */
function snapshotGate(path: string, route: string, warn: (message: string) => void) {
  let said: string | undefined;
  return async (version: string) => {
    const snapshot = await readAnalysisSnapshot(path, route);
    if (snapshot.version === version) return snapshot.gate ?? undefined;
    if (said !== snapshot.version) {
      said = snapshot.version ?? 'none';
      warn(
        `modelroute controller: ${path} judged version ${snapshot.version}, the file is at ${version}: no gate verdict until the process writes a fresh snapshot`,
      );
    }
    return undefined;
  };
}
