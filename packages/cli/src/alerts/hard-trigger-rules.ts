import { promString } from './route-series.js';
import type { AlertingRule, RuleProducer } from './rule-types.js';

/** Literal text inside a Prometheus template (annotations, labels): `{{` would start an action. */
const literal = (s: string): string => s.replaceAll('{{', '{{ "{{" }}');

const percent = (x: number): string => `${Number((x * 100).toPrecision(6))}%`;

/**
 * The guard's hard triggers as alerting rules over the whole fleet, one per trigger the route's guard
 * has: the error rate against the champion's (with the floor, and `baselineErrorRate` when the champion
 * has fewer than `minCalls` calls), the p99 latency from the duration histogram summed by bucket, and
 * the invalid rate; each only for a variant with at least `minCalls` calls in the window. Every variant
 * but the champion is watched (the champion is the place traffic goes back to). Labels: `severity: page`,
 * `action: rollback`, `trigger`, `route`, `variant`; annotations with the figures.
 */
export const hardTriggerRules: RuleProducer = (context) => {
  const { guard, series, route, doc } = context;
  if (guard === undefined) return [];
  const { names } = series;
  const m = guard.minCalls;
  const sample = `(${series.calls(false)} >= ${m})`;
  const variantLabel = `{{ $labels.${names.variant} }}`;
  const where = `over ${series.window} across all instances (at least ${m} calls)`;
  const rule = (alert: string, trigger: string, expr: string, summary: string, description: string): AlertingRule => ({
    alert,
    expr,
    for: context.for,
    labels: { severity: 'page', action: 'rollback', trigger, route: literal(route), variant: variantLabel },
    annotations: {
      summary: `${variantLabel} on route ${literal(route)}: ${summary}`,
      description: `${literal(description)} ${where}. modelroute serve-alerts takes the variant out of the route (weight 0).`,
    },
  });

  const rules: AlertingRule[] = [];
  const champCalls = series.calls(true);
  // The champion's error rate, 0 when it has calls but no error series; the configured baseline when it
  // has fewer than minCalls calls; never below the floor. One series, labelled with the route.
  const baseline = [
    'clamp_min(',
    `    ((${series.calls(true, '=~"error|timeout"')} / ${champCalls}) or (0 * ${champCalls}))`,
    `      and (${champCalls} >= ${m})`,
    `  or label_replace(vector(${guard.baselineErrorRate}), ${promString(names.route)}, ${promString(route)}, "", ""),`,
    `  ${guard.minErrorRate}`,
    ')',
  ].join('\n');
  rules.push(
    rule(
      'ModelrouteErrorRate',
      'error_rate',
      [
        `(${series.calls(false, '=~"error|timeout"')} > 0) / ${series.calls(false)}`,
        `  >= on (${names.route}) group_left`,
        `${guard.errorRateRatio} * ${baseline}`,
        `and ${sample}`,
      ].join('\n'),
      'error rate {{ $value | humanizePercentage }}',
      `Errors and timeouts are at least ${guard.errorRateRatio} times the error rate of the champion ${doc.champion} (floor ${percent(guard.minErrorRate)}; ${percent(guard.baselineErrorRate)} while the champion has fewer than ${m} calls),`,
    ),
  );
  if (Number.isFinite(guard.p99LatencyMs))
    rules.push(
      rule(
        'ModelrouteP99Latency',
        'p99_latency',
        `histogram_quantile(0.99, ${series.buckets()}) > ${guard.p99LatencyMs / 1000}\nand ${sample}`,
        'p99 latency {{ $value | humanizeDuration }}',
        `The p99 latency (from the duration histogram, exact to within its bucket) is above ${guard.p99LatencyMs} ms,`,
      ),
    );
  if (Number.isFinite(guard.invalidRate))
    rules.push(
      rule(
        'ModelrouteInvalidRate',
        'invalid_rate',
        `${series.calls(false, '="invalid"')} / ${series.calls(false)} > ${guard.invalidRate}\nand ${sample}`,
        'invalid predictions {{ $value | humanizePercentage }}',
        `More than ${percent(guard.invalidRate)} of the predictions are invalid,`,
      ),
    );
  return rules;
};
