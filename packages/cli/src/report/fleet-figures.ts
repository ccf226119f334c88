import { queryPrometheus } from '../prometheus-query.js';
import type { ChartSeries } from './svg-line-chart.js';

/** The fleet's figures of a route over time, per variant, from Prometheus (`--prometheus`). */
export interface FleetFigures {
  readonly from: number;
  readonly to: number;
  /** Seconds between points. */
  readonly stepSeconds: number;
  /** Share of primary calls, 0 to 1. */
  readonly share: readonly ChartSeries[];
  /** Errors among primary calls, 0 to 1. */
  readonly errorRate: readonly ChartSeries[];
  /** Invalid outputs among primary calls, 0 to 1. */
  readonly invalidRate: readonly ChartSeries[];
  /** The 99th percentile of primary call duration, ms. */
  readonly p99Ms: readonly ChartSeries[];
  /** Shadow outputs that agreed with the primary's, 0 to 1, per shadow model. */
  readonly shadowAgreement: readonly ChartSeries[];
  /** The PromQL behind each plot, shown under it. */
  readonly queries: Readonly<Record<'share' | 'errorRate' | 'invalidRate' | 'p99Ms' | 'shadowAgreement', string>>;
}

const VARIANT = 'feature_flag_result_variant';

/** The PromQL of each figure for `route`, with rates over `window` (e.g. `5m`). */
export function fleetQueries(route: string, window: string): FleetFigures['queries'] {
  const key = `feature_flag_key=${JSON.stringify(route)}`;
  const calls = (extra = '') =>
    `sum by (${VARIANT}) (rate(modelroute_prediction_duration_count{${key}, modelroute_prediction_role="primary"${extra}}[${window}]))`;
  const comparisons = (extra = '') =>
    `sum by (${VARIANT}) (rate(modelroute_shadow_comparisons_total{${key}${extra}}[${window}]))`;
  return {
    share: `${calls()} / ignoring (${VARIANT}) group_left sum(rate(modelroute_prediction_duration_count{${key}, modelroute_prediction_role="primary"}[${window}]))`,
    errorRate: `${calls(', modelroute_prediction_outcome="error"')} / ${calls()}`,
    invalidRate: `${calls(', modelroute_prediction_outcome="invalid"')} / ${calls()}`,
    p99Ms: `1000 * histogram_quantile(0.99, sum by (le, ${VARIANT}) (rate(modelroute_prediction_duration_bucket{${key}, modelroute_prediction_role="primary"}[${window}])))`,
    shadowAgreement: `${comparisons(', modelroute_shadow_comparison="agree"')} / ${comparisons()}`,
  };
}

interface Matrix {
  readonly result?: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
}

/**
 * Queries Prometheus (`query_range`) for the route's figures from `from` to `to` (epoch ms), about 240
 * points per series; rates over the step, at least `minWindowSeconds`. NaN points (no calls) are left out.
 */
export async function fleetFigures(
  base: string,
  route: string,
  from: number,
  to: number,
  minWindowSeconds = 60,
): Promise<FleetFigures> {
  const stepSeconds = Math.max(1, Math.ceil((to - from) / 1000 / 240));
  const window = `${Math.max(minWindowSeconds, stepSeconds)}s`;
  const queries = fleetQueries(route, window);
  const range = async (query: string): Promise<ChartSeries[]> => {
    const data = await queryPrometheus<Matrix>(base, '/api/v1/query_range', {
      query,
      start: String(from / 1000),
      end: String(to / 1000),
      step: String(stepSeconds),
    });
    return (data.result ?? [])
      .map((r) => ({
        name: r.metric[VARIANT] ?? '(all)',
        points: r.values.map(([t, v]) => [t * 1000, Number(v)] as const).filter(([, v]) => Number.isFinite(v)),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  };
  const [share, errorRate, invalidRate, p99Ms, shadowAgreement] = await Promise.all([
    range(queries.share),
    range(queries.errorRate),
    range(queries.invalidRate),
    range(queries.p99Ms),
    range(queries.shadowAgreement),
  ]);
  return { from, to, stepSeconds, share, errorRate, invalidRate, p99Ms, shadowAgreement, queries };
}
