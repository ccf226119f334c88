import { loadHasher } from '@modelroute/core/spec';
import {
  routeVersion,
  type Analysis,
  type ControllerSubject,
  type GateStatus,
  type GuardFacts,
  type RouteDocument,
} from '@modelroute/core';
import { loadRollout, requireRoute } from '../file/rollout-file.js';

/** Options of {@link fleetSubject}. */
export interface FleetSubjectOptions {
  readonly file: string;
  readonly route: string;
  /** The fleet's analysis of a document version (from PromQL sums), or undefined when there are no figures. */
  readonly analysis: (version: string, doc: RouteDocument) => Promise<Analysis | undefined>;
  /** The fleet's guard facts (see `fleetGuard`). */
  readonly guard: () => Promise<GuardFacts>;
  /**
   * The promotion gate's verdict on a document version (from a serving process's analysis snapshot), or
   * undefined when none is known for it. Default: none (the controller never promotes by itself).
   */
  readonly gate?: (version: string) => Promise<GateStatus | undefined>;
}

/**
 * What `modelroute controller` drives: the route as the rollout file says it (every process follows the
 * file), its version computed as the routers compute it, and the fleet's figures (and, given `gate`, the
 * promotion gate's verdict), all read afresh at every tick (`refresh`).
 */
export async function fleetSubject(options: FleetSubjectOptions): Promise<ControllerSubject> {
  const hash = await loadHasher();
  let document: RouteDocument | undefined;
  let version: string | undefined;
  let analysis: Analysis | undefined;
  let guard: GuardFacts = [];
  let gate: GateStatus | undefined;
  return {
    route: options.route,
    get document() {
      return document;
    },
    get configVersion() {
      return version;
    },
    analysis: () => analysis,
    guardStatus: () => guard,
    gateStatus: () => gate,
    async refresh() {
      const loaded = await loadRollout(options.file);
      document = requireRoute(loaded.document, options.route, options.file);
      version = routeVersion(hash, document);
      [analysis, guard, gate] = await Promise.all([
        options.analysis(version, document),
        options.guard(),
        options.gate?.(version),
      ]);
    },
  };
}
