import { routeVersion, type Analysis, type FleetCounts, type SummaryCounts } from '@modelroute/core';
import { analyzeExperiment, figuresFromCounts } from '@modelroute/core/experiment';
import { loadHasher } from '@modelroute/core/spec';
import { CliError } from '../cli-error.js';
import { queryPrometheus } from '../prometheus-query.js';
import { loadRollout, requireRoute } from '../file/rollout-file.js';

/** The flags of `modelroute analyze <rollout file> --prometheus URL --route ROUTE`. */
export interface FleetFlags {
  /** Prometheus base URL, e.g. http://prometheus:9090. Required. */
  readonly prometheus: string;
  /** The route whose experiment to analyse. Required. */
  readonly route: string;
  /** The document version to analyse. Default: the version of the route in the rollout file (what routers report). */
  readonly version?: string;
}

/** One sample of a PromQL instant vector. */
interface Sample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

const VARIANT = 'feature_flag_result_variant';
const METRIC = 'modelroute_experiment_metric';
const SIGN = 'modelroute_experiment_sign';

/**
 * The experiment analysis of a fleet: every instance's router exports its exposures and outcome sums as
 * OpenTelemetry counters; Prometheus sums them across instances (`sum by`), and the same
 * `analyzeExperiment` that `router.analysis()` uses runs on the sums. The rollout file gives what the
 * counters do not carry: the experiment's metrics, the champion and the weights of the version.
 */
export async function analyzeFleet(file: string, flags: FleetFlags): Promise<Analysis> {
  const { document } = await loadRollout(file);
  const doc = requireRoute(document, flags.route, file);
  if (doc.experiment === undefined)
    throw new CliError(1, `route "${flags.route}" in ${file} has no experiment; add one (docs/experiments.md)`);
  const version = flags.version ?? routeVersion(await loadHasher(), doc);
  const selector = `{feature_flag_key=${JSON.stringify(flags.route)},feature_flag_version=${JSON.stringify(version)}}`;
  const query = (promql: string) => instantQuery(flags.prometheus, promql);
  const [exposures, outcomes, values, squares] = await Promise.all([
    query(`sum by (${VARIANT}) (modelroute_experiment_exposures_total${selector})`),
    query(`sum by (${VARIANT}, ${METRIC}) (modelroute_experiment_outcomes_total${selector})`),
    query(`sum by (${VARIANT}, ${METRIC}, ${SIGN}) (modelroute_experiment_values_total${selector})`),
    query(`sum by (${VARIANT}, ${METRIC}) (modelroute_experiment_squares_total${selector})`),
  ]);
  if (exposures.length === 0)
    throw new CliError(
      1,
      `Prometheus at ${flags.prometheus} has no modelroute_experiment_exposures_total for route "${flags.route}" version ${version}; check that the services export their metrics and run this version`,
    );
  const summaries: Record<
    string,
    Record<string, { n: number; positive: number; negative: number; squares: number }>
  > = {};
  const at = (s: Sample) => {
    const byVariant = (summaries[s.metric[METRIC]!] ??= {});
    return (byVariant[s.metric[VARIANT]!] ??= { n: 0, positive: 0, negative: 0, squares: 0 });
  };
  for (const s of outcomes) at(s).n = s.value;
  for (const s of squares) at(s).squares = s.value;
  for (const s of values) at(s)[s.metric[SIGN] === 'negative' ? 'negative' : 'positive'] = s.value;
  const counts: FleetCounts = {
    exposures: Object.fromEntries(exposures.map((s) => [s.metric[VARIANT]!, s.value])),
    summaries: summaries as Record<string, Record<string, SummaryCounts>>,
  };
  return analyzeExperiment(
    figuresFromCounts(
      flags.route,
      { version, champion: doc.champion, weights: doc.weights, experiment: doc.experiment },
      counts,
    ),
  );
}

/** Runs an instant PromQL query; a failed request or a refused query is a `CliError` (exit 1). */
export async function instantQuery(base: string, promql: string): Promise<Sample[]> {
  const data = await queryPrometheus<{ result?: Array<{ metric: Record<string, string>; value: [number, string] }> }>(
    base,
    '/api/v1/query',
    { query: promql },
  );
  return (data.result ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}
