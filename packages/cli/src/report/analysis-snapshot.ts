import { readFile } from 'node:fs/promises';
import type { Analysis, GateStatus, GuardVariantStatus, ReviewSignal } from '@modelroute/core';
import { CliError } from '../cli-error.js';
import { writeFileAtomic } from '../file/atomic-write.js';

/**
 * What a process knows of its route at one time, for `modelroute report --analysis` (docs/report.md):
 * written by {@link writeAnalysisSnapshot}, JSON.
 */
export interface AnalysisSnapshot {
  /** Always `"modelroute.analysis-snapshot"`. */
  readonly kind: 'modelroute.analysis-snapshot';
  /** The format's version: 1. */
  readonly v: 1;
  readonly route: string;
  /** When it was taken, ISO 8601 UTC. */
  readonly at: string;
  /**
   * The router's clock (`Clock.now()`, ms) when it was taken: with `at`, it turns the router-clock times of
   * `guard[].trippedAt` and `reviews[].at` into wall-clock times. Absent in snapshots written before it was
   * recorded (the report then shows those times on the router's clock).
   */
  readonly clockAt?: number;
  /** The document version in force (`router.configVersion`); null on the fallback. */
  readonly version: string | null;
  /** `router.analysis()`, with its `reviews`; null when the document has no experiment. */
  readonly analysis: Analysis | null;
  /** `router.guardStatus()`: per variant the guard's state, last trip and window figures. */
  readonly guard: readonly GuardVariantStatus[];
  /** `router.reviews()`: the review signals raised under the document in force. */
  readonly reviews: readonly ReviewSignal[];
  /**
   * `router.gateStatus()`: the promotion gate's verdict (ready or not, why, and the evidence of every
   * challenger); null when the document in force has no `gate` (or no `experiment`). Absent in snapshots
   * of a source without `gateStatus()` and in those written before it was recorded: no gate data.
   */
  readonly gate?: GateStatus | null;
}

/** The part of a router a snapshot reads (a `Router` of @modelroute/core). */
export interface SnapshotSource {
  readonly route: string;
  readonly configVersion: string | undefined;
  analysis(): Analysis | undefined;
  guardStatus(): readonly GuardVariantStatus[];
  reviews(): readonly ReviewSignal[];
  /** The promotion gate's verdict (a router's). Default: none, and the snapshot has no `gate`. */
  gateStatus?(): GateStatus | undefined;
}

/** Options of {@link writeAnalysisSnapshot}. */
export interface SnapshotOptions {
  /** The time the snapshot is taken at (epoch ms). Default: `Date.now()`. */
  readonly now?: number;
  /**
   * The router's clock, the one given to `createRouter({ clock })`: its reading is recorded as `clockAt`.
   * Default: the router's default clock, `performance.now()`.
   */
  readonly clock?: { now(): number };
}

/** The snapshot of `router` now, as data. */
export function analysisSnapshot(router: SnapshotSource, options: SnapshotOptions = {}): AnalysisSnapshot {
  return {
    kind: 'modelroute.analysis-snapshot',
    v: 1,
    route: router.route,
    at: new Date(options.now ?? Date.now()).toISOString(),
    clockAt: options.clock === undefined ? performance.now() : options.clock.now(),
    version: router.configVersion ?? null,
    analysis: router.analysis() ?? null,
    guard: router.guardStatus(),
    reviews: router.reviews(),
    ...(router.gateStatus === undefined ? {} : { gate: router.gateStatus() ?? null }),
  };
}

/**
 * Writes the snapshot of `router` to `path` atomically (a reader never sees half of it): call it from the
 * serving process, on a timer or on demand, and hand the file to `modelroute report --analysis`.
 */
export async function writeAnalysisSnapshot(
  router: SnapshotSource,
  path: string,
  options: SnapshotOptions = {},
): Promise<AnalysisSnapshot> {
  const snapshot = analysisSnapshot(router, options);
  await writeFileAtomic(path, `${JSON.stringify(snapshot, null, 2)}\n`);
  return snapshot;
}

/** Reads a snapshot, refusing a file that is not one (or, given `route`, is one of another route). */
export async function readAnalysisSnapshot(path: string, route?: string): Promise<AnalysisSnapshot> {
  let value: Partial<AnalysisSnapshot>;
  try {
    value = JSON.parse(await readFile(path, 'utf8')) as Partial<AnalysisSnapshot>;
  } catch (error) {
    throw new CliError(1, `cannot read the analysis snapshot ${path}: ${(error as Error).message}`);
  }
  if (
    value?.kind !== 'modelroute.analysis-snapshot' ||
    value.v !== 1 ||
    typeof value.route !== 'string' ||
    !Array.isArray(value.guard) ||
    !Array.isArray(value.reviews)
  )
    throw new CliError(
      1,
      `${path} is not an analysis snapshot (kind "modelroute.analysis-snapshot", v 1); write one with writeAnalysisSnapshot(router, path)`,
    );
  if (value.gate !== undefined && value.gate !== null && !isGateStatus(value.gate))
    throw new CliError(
      1,
      `${path} has damaged gate data (not a gate status: ready, reason, candidates with their evidence); write a new snapshot with writeAnalysisSnapshot(router, path)`,
    );
  if (route !== undefined && value.route !== route)
    throw new CliError(
      1,
      `${path} is a snapshot of route "${String(value.route)}", not "${route}"; pass the route's own snapshot`,
    );
  return value as AnalysisSnapshot;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// What `status` and the controller read of a challenger's evidence.
const isEvidence = (e: unknown): boolean =>
  isRecord(e) &&
  typeof e.challenger === 'string' &&
  typeof e.champion === 'string' &&
  typeof e.metric === 'string' &&
  isRecord(e.n) &&
  Array.isArray(e.guardrails) &&
  e.guardrails.every(isRecord) &&
  Array.isArray(e.checkpoints) &&
  e.checkpoints.every(isRecord);

/** The shape of `router.gateStatus()` as a snapshot holds it (a hand-edited or damaged file is refused, not half read). */
function isGateStatus(g: unknown): boolean {
  return (
    isRecord(g) &&
    typeof g.ready === 'boolean' &&
    typeof g.reason === 'string' &&
    Array.isArray(g.candidates) &&
    g.candidates.every((c) => isRecord(c) && isEvidence(c.evidence)) &&
    (g.evidence === undefined ? !g.ready : isEvidence(g.evidence))
  );
}
