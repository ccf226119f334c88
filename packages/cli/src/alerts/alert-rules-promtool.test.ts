import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RolloutDocument } from '@modelroute/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRules } from './alert-rules.js';
import { formatRuleGroups } from './rules-yaml.js';

// The generated rules under Debian's promtool (2.42): `check rules` accepts the file, and `test rules`
// evaluates them over synthetic series and checks which alerts fire.
const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
const missing = (() => {
  try {
    accessSync(PROMTOOL, constants.X_OK);
    return undefined;
  } catch {
    return `no promtool at ${PROMTOOL}: install Debian's prometheus package (.ci/run does), or set PROMTOOL_BIN`;
  }
})();
const inCi = process.env.CI === 'true';
if (missing && !inCi) console.warn(`alert-rules-promtool: SKIPPED: ${missing}`);

const ROUTE = 'fraud-score';
const document = {
  routes: {
    [ROUTE]: {
      champion: 'fraud-v3',
      weights: { 'fraud-v3': 95, 'fraud-v4': 5 },
      guard: { errorRateRatio: 5, minErrorRate: 0.01, p99LatencyMs: 250, invalidRate: 0.01, minCalls: 50 },
    },
    'odd "route" {{name}}': { champion: 'a', weights: { a: 1, b: 1 }, guard: { windowMs: 1500 } },
  },
} as unknown as RolloutDocument;

const promtool = (args: string[], cwd: string) =>
  new Promise<{ code: number; output: string }>((resolve) =>
    execFile(PROMTOOL, args, { cwd }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, output: stdout + stderr }),
    ),
  );

/** A counter series growing by `perStep` every 15 s, for 20 steps. */
const counter = (labels: Record<string, string>, perStep: number) => ({
  series: `modelroute_prediction_duration_${labels.le ? 'bucket' : 'count'}{${Object.entries({
    feature_flag_key: ROUTE,
    modelroute_prediction_role: 'primary',
    ...labels,
  })
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')}}`,
  values: `0+${perStep}x20`,
});
const calls = (variant: string, outcome: string, perStep: number) =>
  counter({ feature_flag_result_variant: variant, modelroute_prediction_outcome: outcome }, perStep);
const buckets = (variant: string, perStep: Record<string, number>) =>
  Object.entries(perStep).map(([le, n]) =>
    counter({ feature_flag_result_variant: variant, modelroute_prediction_outcome: 'ok', le }, n),
  );
const firing = (alertname: string, trigger: string, variant = 'fraud-v4') => ({
  labels: `ALERTS{alertname="${alertname}", alertstate="firing", action="rollback", severity="page", trigger="${trigger}", route="${ROUTE}", variant="${variant}", feature_flag_key="${ROUTE}", feature_flag_result_variant="${variant}"}`,
  value: 1,
});
const scenario = (
  name: string,
  series: ReturnType<typeof counter>[],
  expected: Array<ReturnType<typeof firing>>,
  alertname?: string,
) => ({
  name,
  interval: '15s',
  input_series: series,
  promql_expr_test: [
    {
      expr: `ALERTS{alertstate="firing"${alertname ? `, alertname="${alertname}"` : ''}}`,
      eval_time: '4m',
      exp_samples: expected,
    },
  ],
});

describe.skipIf(missing !== undefined && !inCi)('the generated rules under promtool', () => {
  let dir: string;
  beforeAll(async () => {
    if (missing) throw new Error(`CI=true, so this is a failure, not a skip: ${missing}`);
    dir = await mkdtemp(join(tmpdir(), 'modelroute-promtool-'));
    await writeFile(join(dir, 'rules.yml'), formatRuleGroups(alertRules(document), ['modelroute alerts']));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('promtool check rules accepts them', async () => {
    const r = await promtool(['check', 'rules', 'rules.yml'], dir);
    expect(r.output).toContain('SUCCESS: 8 rules found');
    expect(r.code).toBe(0);
  });

  it('promtool check rules accepts two routes with the same guard window (their recording rules are distinct)', async () => {
    const twin = { champion: 'a', weights: { a: 95, b: 5 }, guard: {} };
    const twins = { routes: { checkout: twin, search: twin } } as unknown as RolloutDocument;
    await writeFile(join(dir, 'twins.yml'), formatRuleGroups(alertRules(twins)));
    const r = await promtool(['check', 'rules', 'twins.yml'], dir);
    expect(r.output).not.toContain('duplicate');
    expect(r.code).toBe(0);
  });

  it("fire as the guard would: the document's thresholds, the champion's rate, the floor and the minimum sample", async () => {
    const tests = [
      scenario(
        'candidate fails 20%, champion never: fires for the candidate only',
        [calls('fraud-v3', 'ok', 100), calls('fraud-v4', 'ok', 16), calls('fraud-v4', 'error', 4)],
        [firing('ModelrouteErrorRate', 'error_rate')],
      ),
      scenario(
        'candidate fails 4%, below 5 x the floor of 1%',
        [calls('fraud-v3', 'ok', 100), calls('fraud-v4', 'ok', 96), calls('fraud-v4', 'error', 4)],
        [],
      ),
      scenario(
        'candidate fails 8%, champion 2%: below 5 x 2%',
        [
          calls('fraud-v3', 'ok', 98),
          calls('fraud-v3', 'error', 2),
          calls('fraud-v4', 'ok', 92),
          calls('fraud-v4', 'timeout', 8),
        ],
        [],
      ),
      scenario(
        'candidate fails 12% in timeouts, champion 2%: at least 5 x 2%',
        [
          calls('fraud-v3', 'ok', 98),
          calls('fraud-v3', 'error', 2),
          calls('fraud-v4', 'ok', 88),
          calls('fraud-v4', 'timeout', 12),
        ],
        [firing('ModelrouteErrorRate', 'error_rate')],
      ),
      scenario(
        'candidate fails 20% but has 40 calls a minute, under minCalls 50',
        [calls('fraud-v3', 'ok', 100), calls('fraud-v4', 'ok', 8), calls('fraud-v4', 'error', 2)],
        [],
      ),
      scenario(
        'candidate: 5% of calls over 0.5 s, so its p99 is above 250 ms',
        [
          calls('fraud-v4', 'ok', 100),
          ...buckets('fraud-v4', { '0.1': 95, '0.25': 95, '0.5': 95, '1': 100, '+Inf': 100 }),
        ],
        [firing('ModelrouteP99Latency', 'p99_latency')],
        'ModelrouteP99Latency',
      ),
      scenario(
        'candidate: 1% over 0.25 s, so its p99 is within 250 ms',
        [
          calls('fraud-v4', 'ok', 100),
          ...buckets('fraud-v4', { '0.1': 98, '0.25': 99, '0.5': 100, '1': 100, '+Inf': 100 }),
        ],
        [],
        'ModelrouteP99Latency',
      ),
      scenario(
        'candidate: 2% invalid predictions, over 1%',
        [calls('fraud-v4', 'ok', 98), calls('fraud-v4', 'invalid', 2)],
        [firing('ModelrouteInvalidRate', 'invalid_rate')],
        'ModelrouteInvalidRate',
      ),
    ];
    await writeFile(
      join(dir, 'tests.yml'),
      JSON.stringify({ rule_files: ['rules.yml'], evaluation_interval: '15s', tests }, null, 1),
    );
    const r = await promtool(['test', 'rules', 'tests.yml'], dir);
    expect(r.output).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });
});

// Route names that `modelroute validate` accepts, with characters that JSON leaves raw but YAML must not
// see raw (adversarial review): NEL was folded into a space (the rules watched another name and never fired),
// the others made the whole file invalid YAML.
const ODD_NAMES = {
  nel: 'fraud\u0085score',
  lineSeparator: 'fraud\u2028score',
  paragraphSeparator: 'fraud\u2029score',
  del: 'fraud\u007fscore',
  c1: 'fraud\u0090score',
  bom: 'fraud\ufeffscore',
  nonCharacters: 'fraud\ufffe\uffffscore',
  emoji: 'fraud\u{1f600}score',
};
/** A PromQL string literal naming `s` with escapes only, independent of the YAML under test. */
const promEscaped = (s: string) =>
  `"${[...s].map((c) => (/[\x20-\x7e]/.test(c) ? c : `\\U${c.codePointAt(0)!.toString(16).padStart(8, '0')}`)).join('')}"`;

describe.skipIf(missing !== undefined && !inCi)('route names with unicode line breaks and controls', () => {
  let dir: string;
  beforeAll(async () => {
    if (missing) throw new Error(`CI=true, so this is a failure, not a skip: ${missing}`);
    dir = await mkdtemp(join(tmpdir(), 'modelroute-promtool-unicode-'));
    // A window of its own per route, so that each route's recorded series have names of their own too.
    const routes = Object.fromEntries(
      Object.values(ODD_NAMES).map((name, i) => [
        name,
        { champion: 'c', weights: { c: 95, v: 5 }, guard: { windowMs: 60_000 + 1000 * i } },
      ]),
    );
    await writeFile(join(dir, 'rules.yml'), formatRuleGroups(alertRules({ routes } as unknown as RolloutDocument)));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('promtool check rules accepts the file, and the error-rate alert fires for each name, exactly', async () => {
    expect((await promtool(['check', 'rules', 'rules.yml'], dir)).output).toContain('SUCCESS');
    const series = (route: string, variant: string, outcome: string, perStep: number) => ({
      series: `modelroute_prediction_duration_count{feature_flag_key=${promEscaped(route)}, feature_flag_result_variant="${variant}", modelroute_prediction_role="primary", modelroute_prediction_outcome="${outcome}"}`,
      values: `0+${perStep}x20`,
    });
    const names = Object.values(ODD_NAMES);
    const tests = [
      {
        name: 'half the canary calls fail on every route',
        interval: '15s',
        input_series: names.flatMap((n) => [
          series(n, 'c', 'ok', 100),
          series(n, 'v', 'ok', 50),
          series(n, 'v', 'error', 50),
        ]),
        promql_expr_test: [
          {
            expr: 'count by (route) (ALERTS{alertname="ModelrouteErrorRate", alertstate="firing"})',
            eval_time: '4m',
            exp_samples: names.map((n) => ({ labels: `{route=${promEscaped(n)}}`, value: 1 })),
          },
        ],
      },
    ];
    await writeFile(
      join(dir, 'tests.json'),
      JSON.stringify({ rule_files: ['rules.yml'], evaluation_interval: '15s', tests }),
    );
    const r = await promtool(['test', 'rules', 'tests.json'], dir);
    expect(r.output).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });
});
