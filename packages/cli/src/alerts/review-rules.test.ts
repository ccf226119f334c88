import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RolloutDocument } from '@modelroute/core';
import { describe, expect, it } from 'vitest';
import { alertRules } from './alert-rules.js';
import type { AlertingRule } from './rule-types.js';
import { formatRuleGroups } from './rules-yaml.js';

const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
const doc = (review: unknown) =>
  ({
    routes: { credit: { champion: 'v1', weights: { v1: 50, v2: 50 }, ...(review ? { review } : {}) } },
  }) as RolloutDocument;

describe('review signals as ticket rules', () => {
  it('one ticket rule per route with a review section, without action, none without', () => {
    const rules = alertRules(doc({ predictionShift: {} })).flatMap((g) => g.rules) as AlertingRule[];
    const review = rules.filter((r) => r.alert === 'ModelrouteReviewSignal');
    expect(review).toHaveLength(1);
    expect(review[0]!.labels).toMatchObject({ severity: 'ticket', route: 'credit' });
    expect(review[0]!.labels).not.toHaveProperty('action');
    expect(alertRules(doc(undefined))).toEqual([]);
  });

  it('pass promtool and fire when any instance raised a signal in the last hour', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'modelroute-review-rules-'));
    try {
      await writeFile(join(dir, 'rules.yml'), formatRuleGroups(alertRules(doc({ predictionShift: {} }))));
      const series = (instance: string, values: string) => ({
        series: `modelroute_review_signals_total{feature_flag_key="credit", feature_flag_result_variant="v2", modelroute_review_trigger="prediction_shift", instance="${instance}"}`,
        values,
      });
      const firing = {
        labels:
          'ALERTS{alertname="ModelrouteReviewSignal", alertstate="firing", severity="ticket", route="credit", variant="v2", trigger="prediction_shift", feature_flag_key="credit", feature_flag_result_variant="v2", modelroute_review_trigger="prediction_shift"}',
        value: 1,
      };
      const tests = {
        rule_files: ['rules.yml'],
        evaluation_interval: '15s',
        tests: [
          {
            interval: '15s',
            input_series: [series('a', '0x10 1x30'), series('b', '0x40')],
            promql_expr_test: [
              { expr: 'ALERTS{alertstate="firing"}', eval_time: '2m', exp_samples: [] },
              { expr: 'ALERTS{alertstate="firing"}', eval_time: '5m', exp_samples: [firing] },
            ],
          },
        ],
      };
      await writeFile(join(dir, 'tests.yml'), JSON.stringify(tests));
      const run = (args: string[]) =>
        new Promise<{ code: number; output: string }>((resolve) =>
          execFile(PROMTOOL, args, { cwd: dir }, (error, stdout, stderr) =>
            resolve({ code: error ? 1 : 0, output: stdout + stderr }),
          ),
        );
      const check = await run(['check', 'rules', 'rules.yml']);
      expect(check.output).toContain('SUCCESS');
      const test = await run(['test', 'rules', 'tests.yml']);
      expect(test.output).toContain('SUCCESS');
      expect(test.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
