import type { Analysis, RouteDocument } from '@modelroute/core';

/**
 * The fleet's analysis of a document version, from the experiment counters summed by Prometheus.
 * Pending the experiments issue's PromQL reader (`modelroute analyze --prometheus`), which this reuses once
 * it is on main: until then there are no fleet figures, so the controller only rolls back on guard trips and
 * otherwise waits, or holds past a step's maxDurationMs (lack of data never rolls back).
 */
export function fleetAnalysis(
  _prometheus: string,
  _route: string,
): (version: string, doc: RouteDocument) => Promise<Analysis | undefined> {
  return async () => undefined;
}
