import { ATTR, INSTRUMENTS } from '@modelroute/core';
import { prometheusName } from './prometheus-names.js';
import { promString } from './route-series.js';
import type { AlertingRule, RuleProducer } from './rule-types.js';

const literal = (s: string): string => s.replaceAll('{{', '{{ "{{" }}');

/**
 * The review signals (soft triggers: prediction shift, metric regression, attribution shift) as a ticket
 * for a person: one alerting rule per route with a `review` section, firing for an hour after any instance
 * raised a signal for a candidate. Labels `severity: ticket`, `trigger`, `route`, `variant` and no
 * `action`, so `serve-alerts` never acts on it: a soft signal holds a rollout, it never rolls one back.
 */
export const reviewSignalRules: RuleProducer = (context) => {
  const { doc, route } = context;
  if (doc.review === undefined) return [];
  const metric = `${prometheusName(INSTRUMENTS.reviewSignals.name)}_total`;
  const routeLabel = prometheusName(ATTR.route);
  const variant = prometheusName(ATTR.variant);
  const trigger = prometheusName(ATTR.reviewTrigger);
  const rule: AlertingRule = {
    alert: 'ModelrouteReviewSignal',
    expr: `sum by (${routeLabel}, ${variant}, ${trigger}) (increase(${metric}{${routeLabel}=${promString(route)}}[1h])) > 0`,
    for: context.for,
    labels: {
      severity: 'ticket',
      trigger: `{{ $labels.${trigger} }}`,
      route: literal(route),
      variant: `{{ $labels.${variant} }}`,
    },
    annotations: {
      summary: `{{ $labels.${variant} }} on route ${literal(route)}: review signal {{ $labels.${trigger} }}`,
      description: `An instance raised a {{ $labels.${trigger} }} review for {{ $labels.${variant} }} in the last hour (docs/review.md). For a person: it never moves traffic; the staged controller holds while it is pending.`,
    },
  };
  return [rule];
};
