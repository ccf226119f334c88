import type { RolloutDocument } from '@modelroute/core';
import { GUARD_DEFAULTS, resolveGuardConfig } from '@modelroute/core/spec';
import { CliError } from '../cli-error.js';
import { hardTriggerRules } from './hard-trigger-rules.js';
import { reviewSignalRules } from './review-rules.js';
import { prometheusNames } from './prometheus-names.js';
import { PROM_DURATION, routeSeries } from './route-series.js';
import type { RuleGroup, RuleProducer } from './rule-types.js';

/**
 * The producers of alerting rules, in order. Soft signals (review) go here as a producer of
 * `severity: ticket` rules without `action` (see `RuleProducer`).
 */
export const RULE_PRODUCERS: readonly RuleProducer[] = [hardTriggerRules, reviewSignalRules];

/** Options of {@link alertRules}. */
export interface AlertRulesOptions {
  /** Only this route (`--route`). Default: every route of the document. */
  route?: string;
  /** How long a condition must hold before the alert fires, a Prometheus duration (`--for`). Default `1m`. */
  for?: string;
  /**
   * Base name of the duration histogram (`--duration-metric`). Default `modelroute_prediction_duration`,
   * the name `@opentelemetry/exporter-prometheus` serves; an OpenTelemetry collector's Prometheus exporter
   * appends the unit: `modelroute_prediction_duration_seconds`.
   */
  durationMetric?: string;
  /** The producers of alerting rules. Default {@link RULE_PRODUCERS}. */
  producers?: readonly RuleProducer[];
}

/**
 * Prometheus rule groups for a rollout document: one group per route that has alerting rules (a route
 * with a `guard`), named `modelroute:<route>`, holding the route's recording rules (its calls and duration
 * buckets summed across instances over the guard's window) and then its alerting rules. A pure function
 * of the document: regenerate the rules when the document's guard or champion changes.
 */
export function alertRules(document: RolloutDocument, options: AlertRulesOptions = {}): RuleGroup[] {
  const forDuration = options.for ?? '1m';
  if (!PROM_DURATION.test(forDuration) || forDuration === '')
    throw new CliError(2, `--for needs a Prometheus duration such as 1m, 30s or 1m30s, got "${forDuration}"`);
  if (options.durationMetric !== undefined && !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(options.durationMetric))
    throw new CliError(
      2,
      `--duration-metric needs a Prometheus metric name such as modelroute_prediction_duration_seconds, got "${options.durationMetric}"`,
    );
  const names = prometheusNames(options.durationMetric);
  const routes = Object.keys(document.routes);
  if (options.route !== undefined && !routes.includes(options.route))
    throw new CliError(
      1,
      `the document has no route "${options.route}" (it has ${routes.map((r) => `"${r}"`).join(', ') || 'none'})`,
    );
  const groups: RuleGroup[] = [];
  for (const route of options.route === undefined ? routes : [options.route]) {
    const doc = document.routes[route]!;
    const guard = doc.guard === undefined ? undefined : resolveGuardConfig(doc.guard);
    const series = routeSeries(route, doc.champion, guard?.windowMs ?? GUARD_DEFAULTS.windowMs, names);
    const context = { route, doc, guard, series, for: forDuration };
    const alerting = (options.producers ?? RULE_PRODUCERS).flatMap((produce) => produce(context));
    if (alerting.length > 0)
      groups.push({ name: `modelroute:${route}`, rules: [...series.recordingRules, ...alerting] });
  }
  return groups;
}
