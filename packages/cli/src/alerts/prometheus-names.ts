import { ATTR, INSTRUMENTS } from '@modelroute/core';

/**
 * A Prometheus name for an OpenTelemetry name, as `@opentelemetry/exporter-prometheus` writes it:
 * every character outside `[a-zA-Z0-9_:]` becomes `_` (so `feature_flag.key` is `feature_flag_key`).
 */
export const prometheusName = (otelName: string): string => otelName.replace(/[^a-zA-Z0-9_:]/g, '_');

/** The metric and label names the generated rules read, derived from core's instrument table. */
export interface PrometheusNames {
  /** The duration histogram's base name; its series are `<name>_bucket`, `<name>_count`, `<name>_sum`. */
  readonly duration: string;
  readonly route: string;
  readonly variant: string;
  readonly role: string;
  readonly outcome: string;
}

/**
 * The names under `@opentelemetry/exporter-prometheus` (what `examples/prometheus` serves), or with
 * `durationMetric` another base name for the histogram (an OpenTelemetry collector's Prometheus exporter
 * appends the unit: `modelroute_prediction_duration_seconds`).
 */
export function prometheusNames(durationMetric?: string): PrometheusNames {
  return {
    duration: durationMetric ?? prometheusName(INSTRUMENTS.predictionDuration.name),
    route: prometheusName(ATTR.route),
    variant: prometheusName(ATTR.variant),
    role: prometheusName(ATTR.role),
    outcome: prometheusName(ATTR.outcome),
  };
}
