import type { RolloutDocument } from '@modelroute/core';
import { describe, expect, it } from 'vitest';
import type { CliError } from '../cli-error.js';
import { alertRules } from './alert-rules.js';
import type { AlertingRule, RecordingRule, RuleProducer } from './rule-types.js';

const document = (guard: Record<string, unknown> | undefined): RolloutDocument =>
  ({
    routes: {
      'fraud-score': { champion: 'fraud-v3', weights: { 'fraud-v3': 95, 'fraud-v4': 5 }, ...(guard ? { guard } : {}) },
      other: { champion: 'a', weights: { a: 1 } },
    },
  }) as RolloutDocument;

const alerts = (doc: RolloutDocument, options = {}) =>
  alertRules(doc, options).flatMap((g) => g.rules.filter((r): r is AlertingRule => 'alert' in r));
const byName = (doc: RolloutDocument, name: string) => alerts(doc).find((r) => r.alert === name)!;

describe('alertRules', () => {
  it('one group per route with a guard: recording rules, then one alerting rule per hard trigger it has', () => {
    const groups = alertRules(document({ p99LatencyMs: 250, invalidRate: 0.01 }));
    expect(groups.map((g) => g.name)).toEqual(['modelroute:fraud-score']);
    const rules = groups[0]!.rules;
    expect(rules.slice(0, 2).map((r) => (r as RecordingRule).record)).toEqual([
      'modelroute:prediction_calls:increase60s',
      'modelroute:prediction_duration_bucket:increase60s',
    ]);
    expect(rules.slice(2).map((r) => (r as AlertingRule).alert)).toEqual([
      'ModelrouteErrorRate',
      'ModelrouteP99Latency',
      'ModelrouteInvalidRate',
    ]);
    // Without p99LatencyMs and invalidRate, only the error-rate trigger (always on in a guard).
    expect(alerts(document({})).map((r) => r.alert)).toEqual(['ModelrouteErrorRate']);
    expect(alertRules(document(undefined))).toEqual([]);
  });

  it('sums the instruments across instances under the names the Prometheus exporter gives them', () => {
    const [calls, buckets] = alertRules(document({}))[0]!.rules as RecordingRule[];
    expect(calls!.expr).toBe(
      'sum by (feature_flag_key, feature_flag_result_variant, modelroute_prediction_outcome) (increase(modelroute_prediction_duration_count{feature_flag_key="fraud-score", modelroute_prediction_role="primary"}[60s]))',
    );
    expect(buckets!.expr).toBe(
      'sum by (feature_flag_key, feature_flag_result_variant, le) (increase(modelroute_prediction_duration_bucket{feature_flag_key="fraud-score", modelroute_prediction_role="primary"}[60s]))',
    );
    const collector = alertRules(document({}), { durationMetric: 'modelroute_prediction_duration_seconds' });
    expect((collector[0]!.rules[0] as RecordingRule).expr).toContain('modelroute_prediction_duration_seconds_count{');
  });

  it("follows the document's thresholds: a changed guard gives changed rules", () => {
    const before = document({
      errorRateRatio: 5,
      minErrorRate: 0.01,
      minCalls: 50,
      p99LatencyMs: 250,
      invalidRate: 0.01,
    });
    const after = document({
      errorRateRatio: 3,
      minErrorRate: 0.02,
      baselineErrorRate: 0.05,
      minCalls: 200,
      p99LatencyMs: 400,
      invalidRate: 0.05,
      windowMs: 30_000,
    });
    const error = [byName(before, 'ModelrouteErrorRate').expr, byName(after, 'ModelrouteErrorRate').expr];
    expect(error[0]).toMatch(/\n5 \* clamp_min\(/);
    expect(error[1]).toMatch(/\n3 \* clamp_min\(/);
    expect(error[0]).toContain('or label_replace(vector(0.01), "feature_flag_key", "fraud-score", "", ""),\n  0.01\n)');
    expect(error[1]).toContain('or label_replace(vector(0.05), "feature_flag_key", "fraud-score", "", ""),\n  0.02\n)');
    expect(error[0]).toMatch(/>= 50\)$/);
    expect(error[1]).toMatch(/>= 200\)$/);
    expect(error[0]).toContain('increase60s{');
    expect(error[1]).toContain('increase30s{');
    expect(byName(before, 'ModelrouteP99Latency').expr).toContain(') > 0.25\n');
    expect(byName(after, 'ModelrouteP99Latency').expr).toContain(') > 0.4\n');
    expect(byName(before, 'ModelrouteInvalidRate').expr).toContain('> 0.01\n');
    expect(byName(after, 'ModelrouteInvalidRate').expr).toContain('> 0.05\n');
    expect(byName(after, 'ModelrouteErrorRate').annotations.description).toContain('3 times the error rate');
  });

  it('pages and rolls back the variant: labels, for, and the champion left out', () => {
    const rule = byName(document({}), 'ModelrouteErrorRate');
    expect(rule.for).toBe('1m');
    expect(rule.labels).toEqual({
      severity: 'page',
      action: 'rollback',
      trigger: 'error_rate',
      route: 'fraud-score',
      variant: '{{ $labels.feature_flag_result_variant }}',
    });
    expect(rule.expr).toContain('feature_flag_result_variant!="fraud-v3"');
    expect(alerts(document({}), { for: '5s' })[0]!.for).toBe('5s');
  });

  it('--route picks one route; an unknown route, a bad --for or metric name is refused', () => {
    expect(alertRules(document({}), { route: 'other' })).toEqual([]);
    expect(alertRules(document({}), { route: 'fraud-score' })).toHaveLength(1);
    const refused = (options: object) => {
      try {
        alertRules(document({}), options);
      } catch (error) {
        return error as CliError;
      }
      throw new Error('not refused');
    };
    expect(refused({ route: 'nope' })).toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('no route "nope"'),
    });
    expect(refused({ for: '1 minute' })).toMatchObject({ exitCode: 2, message: expect.stringContaining('--for') });
    expect(refused({ for: '' })).toMatchObject({ exitCode: 2 });
    expect(refused({ durationMetric: 'a.b' })).toMatchObject({ exitCode: 2 });
  });

  it('escapes route names in PromQL strings and in templates', () => {
    const doc = { routes: { 'r"{{x}}': { champion: 'a', weights: { a: 1, b: 1 }, guard: {} } } } as RolloutDocument;
    const rule = alerts(doc)[0]!;
    expect(rule.expr).toContain('feature_flag_key="r\\"{{x}}"');
    expect(rule.annotations.summary).toContain('route r"{{ "{{" }}x}}');
  });

  it('takes more producers: soft signals as severity ticket rules, in the same group', () => {
    const review: RuleProducer = ({ route, series }) => [
      {
        alert: 'ModelrouteReviewDrift',
        expr: `${series.calls(false)} > 0`,
        for: '10m',
        labels: { severity: 'ticket', route },
        annotations: { summary: 'drift' },
      },
    ];
    const groups = alertRules(document(undefined), { producers: [review] });
    expect(groups.map((g) => g.name)).toEqual(['modelroute:fraud-score', 'modelroute:other']);
    expect(groups[1]!.rules.map((r) => ('alert' in r ? r.labels.severity : 'record'))).toEqual([
      'record',
      'record',
      'ticket',
    ]);
  });
});
