import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/**
 * The OpenTelemetry SDK with a Prometheus exporter that serves no port of its own: the service mounts
 * its handler on GET /metrics. Registered globally too, and before any router is created (OpenTelemetry's
 * metrics API has no proxy provider: register the SDK first).
 */
export function setUpMetrics(): { meterProvider: MeterProvider; exporter: PrometheusExporter } {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  metrics.setGlobalMeterProvider(meterProvider);
  return { meterProvider, exporter };
}
