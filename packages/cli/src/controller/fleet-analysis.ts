import type { Analysis, RouteDocument } from '@modelroute/core';
import { CliError } from '../cli-error.js';
import { analyzeFleet } from '../commands/analyze-fleet.js';

/**
 * The fleet's analysis of a document version: `modelroute analyze --prometheus` (the experiment counters
 * of every process, summed by PromQL, through the router's own `analyzeExperiment`). Undefined when the
 * route has no experiment or Prometheus has no exposures of the version yet (lack of data: the controller
 * waits); other failures (Prometheus down) fail the evaluation, which the controller retries.
 */
export function fleetAnalysis(
  file: string,
  prometheus: string,
  route: string,
): (version: string, doc: RouteDocument) => Promise<Analysis | undefined> {
  return async (version, doc) => {
    if (doc.experiment === undefined) return undefined;
    try {
      return await analyzeFleet(file, { prometheus, route, version });
    } catch (error) {
      if (error instanceof CliError && error.message.includes('has no modelroute_experiment_exposures_total'))
        return undefined;
      throw error;
    }
  };
}
