import { routeVersion, type RouteDocument } from '@modelroute/core';
import { loadHasher } from '@modelroute/core/spec';
import { loadRollout, requireRoute } from '../file/rollout-file.js';
import { readHistory } from '../history/read-history.js';
import { type AnalysisSnapshot, readAnalysisSnapshot } from './analysis-snapshot.js';
import { type FleetFigures, fleetFigures } from './fleet-figures.js';
import { routeTimeline, type TimelineEntry } from './route-timeline.js';

/** Everything a report shows, gathered before it is drawn. */
export interface ReportData {
  readonly file: string;
  readonly route: string;
  /** When the report was made (epoch ms): the right end of every plot. */
  readonly generatedAt: number;
  /** The route in the rollout file now. */
  readonly document: RouteDocument;
  /** Its version (what routers report). */
  readonly version: string;
  /** The route's history entries, oldest first. */
  readonly timeline: readonly TimelineEntry[];
  readonly snapshot: AnalysisSnapshot | undefined;
  readonly fleet: FleetFigures | undefined;
}

/** Options of {@link gatherReport}. */
export interface GatherOptions {
  /** An analysis snapshot file (`writeAnalysisSnapshot`). Default: none. */
  readonly analysis?: string;
  /** Prometheus base URL for the fleet's figures. Default: none. */
  readonly prometheus?: string;
  /** The report's time, epoch ms. Default: `Date.now()`. */
  readonly now?: number;
}

/** Reads the rollout file, its history and, when given, the snapshot and Prometheus' figures. */
export async function gatherReport(file: string, route: string, options: GatherOptions = {}): Promise<ReportData> {
  const { document } = await loadRollout(file);
  const doc = requireRoute(document, route, file);
  const now = options.now ?? Date.now();
  const [version, entries, snapshot] = await Promise.all([
    loadHasher().then((hasher) => routeVersion(hasher, doc)),
    readHistory(file),
    options.analysis === undefined ? undefined : readAnalysisSnapshot(options.analysis, route),
  ]);
  const timeline = routeTimeline(entries, route);
  const from = Math.min(timeline[0]?.at ?? now - 3_600_000, now - 3_600_000);
  const fleet = options.prometheus === undefined ? undefined : await fleetFigures(options.prometheus, route, from, now);
  return { file, route, generatedAt: now, document: doc, version, timeline, snapshot, fleet };
}
