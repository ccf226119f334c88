import type { MeterProvider } from '@opentelemetry/api';
import { OtelRouterMetrics } from './otel-router-metrics.js';
import { noopMetrics, type RouterMetrics } from '../vocabulary/router-metrics.js';
import type { WarningHandler } from '../vocabulary/warning.js';

/** Options of {@link createRouterMetrics}. */
export interface RouterMetricsOptions {
  /** The route of the router. */
  route: string;
  /** The router's model ids. */
  models: readonly string[];
  /** The router's fallback model. */
  fallback: string;
  /** The provider to take instruments from. Default: the global provider, watched until an SDK registers. */
  meterProvider?: MeterProvider;
  /** Where warnings go. Default: `process.emitWarning` (type `ModelrouteWarning`). */
  warn?: WarningHandler;
}

/**
 * The metrics of one router, made once when the router is created.
 *
 * - `meterProvider` given: instruments come from it; if they are no-ops (the API's no-op provider), the
 *   router gets {@link noopMetrics} and does no telemetry work at all.
 * - no `meterProvider`: the global provider. If no SDK is registered yet, the router measures nothing,
 *   and looks at the global provider again on its first call, every 1024 calls and on every document, so
 *   an SDK registered after `createRouter()` is picked up (with a warning if calls went unmeasured).
 */
export function createRouterMetrics(options: RouterMetricsOptions): RouterMetrics {
  const metrics = new OtelRouterMetrics(options);
  if (options.meterProvider !== undefined) return metrics.bind(options.meterProvider) ? metrics : noopMetrics;
  metrics.bindGlobal();
  return metrics;
}
