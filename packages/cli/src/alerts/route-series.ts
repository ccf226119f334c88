import type { PrometheusNames } from './prometheus-names.js';
import type { RecordingRule } from './rule-types.js';

/** A PromQL string literal (Go escapes; JSON's are a subset). */
export const promString = (s: string): string => JSON.stringify(s);

/** Milliseconds as a Prometheus duration: `60s` when whole seconds, else `1500ms`. */
export const promDuration = (ms: number): string =>
  Number.isInteger(ms / 1000) ? `${ms / 1000}s` : `${Math.round(ms)}ms`;

/** A Prometheus duration as Prometheus parses it: one or more number-unit pairs, largest unit first (`1m`, `1m30s`, `500ms`). */
export const PROM_DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

/** The recorded series of one route and the expressions the alerting rules build from them. */
export interface RouteSeries {
  readonly names: PrometheusNames;
  /** The window, as a Prometheus duration (the guard's `windowMs`). */
  readonly window: string;
  /** Recording rules: primary calls by variant and outcome, and duration buckets by variant, summed across instances over the window. */
  readonly recordingRules: readonly RecordingRule[];
  /** Calls of the champion (`champion: true`) or of every other variant (false) in the window, one series per variant; `outcome` a PromQL matcher such as `=~"error|timeout"`. */
  calls(champion: boolean, outcome?: string): string;
  /** The `_bucket` series of the other variants' durations in the window, by variant and `le`. */
  buckets(): string;
}

/**
 * The recording rules of a route: `modelroute:prediction_calls:increase<window>` (primary calls by
 * route, variant and outcome) and `modelroute:prediction_duration_bucket:increase<window>` (by route,
 * variant and `le`), each the sum over all instances of `increase()` over the window.
 */
export function routeSeries(route: string, champion: string, windowMs: number, names: PrometheusNames): RouteSeries {
  const window = promDuration(windowMs);
  const callsName = `modelroute:prediction_calls:increase${window}`;
  const bucketsName = `modelroute:prediction_duration_bucket:increase${window}`;
  const routeMatch = `${names.route}=${promString(route)}`;
  const perVariant = `${names.route}, ${names.variant}`;
  // The route's label, which every recorded series has already: as the rule's label too, it tells apart the
  // rules of routes that share a window (the same record name), which promtool's lint would call duplicates.
  const labels = { [names.route]: route };
  const recordingRules: RecordingRule[] = [
    {
      record: callsName,
      expr: `sum by (${perVariant}, ${names.outcome}) (increase(${names.duration}_count{${routeMatch}, ${names.role}="primary"}[${window}]))`,
      labels,
    },
    {
      record: bucketsName,
      expr: `sum by (${perVariant}, le) (increase(${names.duration}_bucket{${routeMatch}, ${names.role}="primary"}[${window}]))`,
      labels,
    },
  ];
  const variantMatch = (isChampion: boolean): string =>
    `${names.variant}${isChampion ? '=' : '!='}${promString(champion)}`;
  return {
    names,
    window,
    recordingRules,
    calls: (isChampion, outcome) =>
      `sum by (${isChampion ? names.route : perVariant}) (${callsName}{${routeMatch}, ${variantMatch(isChampion)}${outcome ? `, ${names.outcome}${outcome}` : ''}})`,
    buckets: () => `sum by (${perVariant}, le) (${bucketsName}{${routeMatch}, ${variantMatch(false)}})`,
  };
}
