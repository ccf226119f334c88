import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  msprt,
  msprtBernoulli,
  MsprtMonitor,
  sampleSize,
  sampleSizeProportions,
  srmTest,
  twoProportionZTest,
  welchTTest,
} from '@modelroute/stats';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeResults, type Analysis } from './commands/analyze.js';
import { checkResults } from './commands/stats-results-file.js';
import { modelroute } from './run-modelroute.test-support.js';

// `modelroute sample-size` and `modelroute analyze`, run in-process through runCli (the binary itself is
// tested in cli-process.test.ts), checked against @modelroute/stats to the last bit.
let dir: string;
const results = async (name: string, content: unknown): Promise<string> => {
  const file = join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-stats-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('modelroute sample-size', () => {
  it('an effect so large that the formula gives a handful of units: at least 30 per group, and it says why', async () => {
    const r = await modelroute(['sample-size', '--sd', '1', '--mde', '16']);
    expect(r.code).toBe(0);
    expect(sampleSize({ sd: 1, mde: 16 })).toBe(1);
    expect(r.stdout).toContain('30 units per group, 60 in total (2 equal groups)');
    expect(r.stdout).toContain('the formula gives 1 unit per group');
    const json = JSON.parse((await modelroute(['sample-size', '--sd', '1', '--mde', '16', '--json'])).stdout);
    expect(json).toMatchObject({ perGroup: 30, total: 60, formulaPerGroup: 1 });
    const rate = JSON.parse((await modelroute(['sample-size', '--p', '0.02', '--mde', '0.9', '--json'])).stdout);
    expect(rate).toMatchObject({ perGroup: 30, formulaPerGroup: 4 });
  });

  it('continuous metric (--sd): units per group and total from sampleSize, with the formula', async () => {
    const r = await modelroute(['sample-size', '--sd', '120', '--mde', '10']);
    expect(r.code).toBe(0);
    const n = sampleSize({ sd: 120, mde: 10 });
    expect(n).toBe(2261);
    expect(r.stdout).toContain(`${n} units per group, ${2 * n} in total (2 equal groups)`);
    expect(r.stdout).toContain('formula: n = 2(z₁₋α/₂ + z₁₋β)²σ²/δ²');
    const json = JSON.parse(
      (await modelroute(['sample-size', '--sd', '3.2', '--mde', '0.15', '--alpha', '0.01', '--power', '0.9', '--json']))
        .stdout,
    );
    const m = sampleSize({ sd: 3.2, mde: 0.15, alpha: 0.01, power: 0.9 });
    expect(json).toEqual({
      ok: true,
      metric: 'continuous',
      sd: 3.2,
      mde: 0.15,
      alpha: 0.01,
      power: 0.9,
      groups: 2,
      perGroup: m,
      formulaPerGroup: m,
      total: 2 * m,
      formula: expect.stringContaining('2(z₁₋α/₂ + z₁₋β)²σ²/δ²'),
    });
  });

  it('rate (--p): units per group from sampleSizeProportions', async () => {
    const r = await modelroute(['sample-size', '--p', '0.1', '--mde', '0.02']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3841 units per group, 7682 in total');
    expect(r.stdout).toContain('rate: baseline 0.1, mde 0.02 (0.1 -> 0.12)');
    const json = JSON.parse(
      (await modelroute(['--json', 'sample-size', '--p', '0.03', '--mde', '-0.01', '--power', '0.95'])).stdout,
    );
    expect(json).toMatchObject({
      ok: true,
      metric: 'rate',
      p: 0.03,
      mde: -0.01,
      perGroup: sampleSizeProportions({ p: 0.03, mde: -0.01, power: 0.95 }),
    });
  });

  it('missing or conflicting flags are usage errors (exit 2); bad values exit 1 and name the flag', async () => {
    const both = await modelroute(['sample-size', '--sd', '1', '--p', '0.1', '--mde', '0.1']);
    expect(both).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give either --sd (a continuous metric) or --p (a rate), not both'),
    });
    expect(await modelroute(['sample-size', '--mde', '0.1'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give --sd <sd> for a continuous metric'),
    });
    expect(await modelroute(['sample-size', '--sd', '1'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give --mde <delta>'),
    });
    expect((await modelroute(['sample-size', '--sd', '1', '--mde', '0.1', '--frobnicate'])).code).toBe(2);

    const cases: [string[], string][] = [
      [['--sd', '-1', '--mde', '0.2'], '--sd must be a finite number > 0 (got -1)'],
      [['--sd', 'abc', '--mde', '0.2'], '--sd must be a number, got "abc"'],
      [['--sd', '1', '--mde', '0'], '--mde must not be 0'],
      [['--sd', '1', '--mde', '0.2', '--alpha', '1.5'], '--alpha must be strictly between 0 and 1 (got 1.5)'],
      [['--sd', '1', '--mde', '0.2', '--alpha', '0.5', '--power', '0.2'], '--power must exceed alpha/2'],
      [['--p', '1.5', '--mde', '0.1'], '--p must be strictly between 0 and 1 (got 1.5)'],
      [['--p', '0.95', '--mde', '0.05'], '--mde must be non-zero with p + mde strictly between 0 and 1'],
    ];
    const runs = await Promise.all(cases.map(([args]) => modelroute(['sample-size', ...args])));
    runs.forEach((r, i) =>
      expect(r, cases[i]![0].join(' ')).toMatchObject({
        code: 1,
        stdout: '',
        stderr: expect.stringContaining(`modelroute: ${cases[i]![1]}`),
      }),
    );
    const json = await modelroute(['sample-size', '--sd', '0', '--mde', '1', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      exitCode: 1,
      error: expect.stringContaining('--sd must be a finite number > 0 (got 0)'),
      problems: [],
    });
  });
});

const continuous = {
  control: 'a',
  metric: 'latency ms',
  weights: { a: 50, b: 50 },
  arms: { a: { n: 5000, mean: 100.2, variance: 400 }, b: { n: 5000, mean: 101.3, variance: 420 } },
};

describe('modelroute analyze', () => {
  it('continuous metric: SRM check, Welch test, lift and mSPRT, exactly as @modelroute/stats computes them', async () => {
    const file = await results('latency.json', continuous);
    const r = await modelroute(['analyze', file, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Analysis & { ok: boolean };
    const { a, b } = continuous.arms;
    const srm = srmTest({ a: 5000, b: 5000 }, continuous.weights);
    expect(json).toMatchObject({
      ok: true,
      file,
      metric: 'continuous',
      label: 'latency ms',
      control: 'a',
      alpha: 0.05,
    });
    expect(json.srm).toEqual({
      chiSquare: srm.chiSquare,
      df: 1,
      pValue: srm.pValue,
      threshold: 0.001,
      mismatch: false,
      arms: [
        { arm: 'a', n: 5000, weight: 50, share: 0.5, expected: 5000 },
        { arm: 'b', n: 5000, weight: 50, share: 0.5, expected: 5000 },
      ],
    });
    expect(json.comparisons).toHaveLength(1);
    const [c] = json.comparisons;
    const welch = welchTTest(a, b);
    expect(c!.result).toEqual(welch);
    expect(c).toMatchObject({
      arm: 'b',
      control: 'a',
      test: 'welch-t',
      n: [5000, 5000],
      estimates: [100.2, 101.3],
      significant: welch.pValue <= 0.05,
    });
    // Default τ²: 0.01 × the pooled per-unit variance; equal arms use msprt with the average variance.
    const tau2 = 0.01 * ((400 + 420) / 2);
    expect(c!.sequential).toEqual({
      tau2,
      tau2From: 'default',
      pValue: msprt({ n: 5000, diff: 101.3 - 100.2, variance: 410, tau2 }).pValue,
      rejected: false,
    });

    const human = await modelroute(['analyze', file]);
    expect(human.code).toBe(0);
    expect(human.stderr).toBe('');
    expect(human.stdout).toContain('continuous metric "latency ms", control a, 1 treatment arm, alpha 0.05');
    expect(human.stdout).toMatch(/sample ratio: ok \(chi-square 0, df 1, p 1; a mismatch is p < 0\.001\)/);
    expect(human.stdout).toMatch(/a \(control\)\s+5000\s+100\.2/);
    expect(human.stdout).toMatch(
      /b\s+5000\s+101\.3\s+\+1\.1\s+\[\+0\.3062, \+1\.894\]\s+0\.00661\s+\+1\.1%\s+\[\+0\.301%, \+1\.89%\]\s+0\.147/,
    );
    expect(human.stdout).toContain("p: Welch's t-test, fixed horizon");
    expect(human.stdout).toContain('mSPRT p: always valid');

    // --alpha changes the tests' level and the interval; --tau2 is used as given.
    const tight = JSON.parse(
      (await modelroute(['analyze', file, '--alpha', '0.01', '--tau2', '2.5', '--json'])).stdout,
    ) as Analysis;
    expect(tight.comparisons[0]!.result).toEqual(welchTTest(a, b, { alpha: 0.01 }));
    expect(tight.comparisons[0]!.sequential).toMatchObject({
      tau2: 2.5,
      tau2From: 'tau2',
      pValue: msprt({ n: 5000, diff: 101.3 - 100.2, variance: 410, tau2: 2.5 }).pValue,
    });
    expect((await modelroute(['analyze', file, '--alpha', '0.01'])).stdout).toContain('99% CI');
  });

  it('rates with unequal arms: two-proportion z-test; mSPRT from the monitor; --mde sets tau2 = mde²', async () => {
    const control = { n: 47300, successes: 940 };
    const canary = { n: 2500, successes: 80 };
    const file = await results('errors.json', {
      control: 'fraud-v3',
      weights: { 'fraud-v3': 95, 'fraud-v4': 5 },
      arms: { 'fraud-v3': control, 'fraud-v4': canary },
    });
    const r = await modelroute(['analyze', file, '--mde', '0.01', '--json']);
    expect(r.code).toBe(0);
    const [c] = (JSON.parse(r.stdout) as Analysis).comparisons;
    expect(c!.result).toEqual(twoProportionZTest(control, canary));
    expect(c!.estimates).toEqual([940 / 47300, 80 / 2500]);
    const pa = 940 / 47300;
    const pb = 80 / 2500;
    const monitor = new MsprtMonitor({ tau2: 0.0001 }).observeSummaries(
      { n: 47300, mean: pa, variance: pa * (1 - pa) },
      { n: 2500, mean: pb, variance: pb * (1 - pb) },
    );
    expect(c!.sequential).toEqual({
      tau2: 0.0001,
      tau2From: 'mde',
      pValue: monitor.pValue,
      rejected: monitor.rejected,
    });
    expect(c!.sequential.rejected).toBe(true);
    const human = (await modelroute(['analyze', file, '--mde', '0.01'])).stdout;
    expect(human).toMatch(/fraud-v3 \(control\)\s+47300\s+1\.99%/);
    expect(human).toMatch(/fraud-v4\s+2500\s+3\.2%\s+\+1\.21 pp\s+\[\+0\.511 pp, \+1\.91 pp\]\s+3\.0e-5\s+\+61%/);
    expect(human).toContain(
      'fraud-v4 vs fraud-v3: differs at alpha 0.05 (p 3.0e-5); mSPRT: significant (always valid)',
    );
  });

  it('rates with equal arms use msprtBernoulli; the default tau2 is 0.01 x the pooled p(1-p)', async () => {
    const arms = { a: { n: 2000, successes: 200 }, b: { n: 2000, successes: 236 }, c: { n: 2000, successes: 190 } };
    const file = await results('conv.json', { control: 'a', weights: { a: 1, b: 1, c: 1 }, arms });
    const json = JSON.parse((await modelroute(['analyze', file, '--json'])).stdout) as Analysis;
    expect(json.comparisons.map((c) => c.arm)).toEqual(['b', 'c']);
    for (const c of json.comparisons) {
      const arm = arms[c.arm as 'b' | 'c'];
      const pooled = (200 + arm.successes) / 4000;
      const tau2 = 0.01 * pooled * (1 - pooled);
      expect(c.result).toEqual(twoProportionZTest(arms.a, arm));
      expect(c.sequential).toMatchObject({
        tau2,
        tau2From: 'default',
        pValue: msprtBernoulli({ n: 2000, meanA: 0.1, meanB: arm.successes / 2000, tau2 }).pValue,
      });
    }
    expect(json.srm.df).toBe(2);
  });

  it('a sample-ratio mismatch is loud and exits 1, with the comparisons still shown', async () => {
    const file = await results('srm.json', {
      control: 'fraud-v3',
      weights: { 'fraud-v3': 95, 'fraud-v4': 5 },
      arms: { 'fraud-v3': { n: 47000, successes: 940 }, 'fraud-v4': { n: 2780, successes: 80 } },
    });
    const srm = srmTest({ 'fraud-v3': 47000, 'fraud-v4': 2780 }, { 'fraud-v3': 95, 'fraud-v4': 5 });
    expect(srm.mismatch).toBe(true);
    const r = await modelroute(['analyze', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '!! SAMPLE RATIO MISMATCH: units fraud-v3 47000, fraud-v4 2780 where the weights expect fraud-v3 47291, fraud-v4 2489 (chi-square 35.81, p 2.2e-9 < 0.001).',
    );
    expect(r.stdout).toContain('do not trust the comparisons below');
    expect(r.stdout).toMatch(/fraud-v4\s+2780\s+2\.88%/);
    expect(r.stdout).not.toContain('sample ratio: ok');
    expect(r.stderr).toContain(`modelroute: sample ratio mismatch in ${file}`);
    const json = await modelroute(['analyze', file, '--json']);
    expect(json.code).toBe(1);
    const body = JSON.parse(json.stdout);
    expect(body).toMatchObject({
      ok: false,
      exitCode: 1,
      error: expect.stringContaining('sample ratio mismatch'),
      problems: [],
      srm: { mismatch: true, pValue: srm.pValue, chiSquare: srm.chiSquare },
    });
    expect(body.comparisons[0].result).toEqual(
      twoProportionZTest({ n: 47000, successes: 940 }, { n: 2780, successes: 80 }),
    );
    // Units in an arm with weight 0 are a mismatch by themselves.
    const zero = await results('zero.json', {
      control: 'a',
      weights: { a: 50, b: 50, c: 0 },
      arms: { a: { n: 100, successes: 10 }, b: { n: 100, successes: 12 }, c: { n: 3, successes: 0 } },
    });
    expect(await modelroute(['analyze', zero])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('sample ratio mismatch'),
    });
    const zeroJson = JSON.parse((await modelroute(['analyze', zero, '--json'])).stdout);
    expect(zeroJson).toMatchObject({ ok: false, exitCode: 1, srm: { chiSquare: null, pValue: 0, mismatch: true } });
    expect(zeroJson.srm.arms[2]).toEqual({ arm: 'c', n: 3, weight: 0, share: 0, expected: 0 });
  });

  it('a comparison that cannot be computed says why and exits 1; the others are still reported', async () => {
    const file = await results('early.json', {
      control: 'a',
      weights: { a: 50, b: 25, c: 25 },
      arms: {
        a: { n: 40, mean: 10, variance: 4 },
        b: { n: 1, mean: 12, variance: 0 },
        c: { n: 40, mean: 10.5, variance: 4 },
      },
    });
    const r = await modelroute(['analyze', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('b vs a: not computed: arms.b.n must be at least 2 (got 1)');
    expect(r.stdout).toContain('c vs a: no significant difference at alpha 0.05');
    expect(r.stderr).toContain(`modelroute: ${file}: 1 of 2 comparisons could not be computed`);
    const json = JSON.parse((await modelroute(['analyze', file, '--json'])).stdout);
    expect(json).toMatchObject({ ok: false, exitCode: 1, problems: [expect.stringContaining('b vs a: not computed')] });
    expect(json.comparisons[0]).toMatchObject({
      arm: 'b',
      result: null,
      significant: null,
      error: expect.stringContaining('arms.b.n'),
    });
    expect(json.comparisons[1].result).toEqual(
      welchTTest({ n: 40, mean: 10, variance: 4 }, { n: 40, mean: 10.5, variance: 4 }),
    );
  });

  it('refuses a bad file with its path and every problem (exit 1), and bad usage with exit 2', async () => {
    expect(await modelroute(['analyze', join(dir, 'nope.json')])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('results file'),
    });
    expect(await modelroute(['analyze', await results('torn.json', '{ "arms": ')])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('not valid JSON'),
    });
    const bad = await results('bad.json', {
      control: 'z',
      weights: { a: -1, q: 2 },
      arms: { a: { n: 1.5, mean: 'x', variance: -2, varaince: 1 }, b: { n: 10, successes: 11 } },
    });
    const r = await modelroute(['analyze', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`modelroute: ${bad} is not a valid results file`);
    for (const problem of [
      'control: must name one of the arms ("a", "b"), got "z"',
      'weights.a: must be a non-negative finite number, got -1',
      'weights.q: names no arm in arms (arms are a, b)',
      'weights.b: missing; every arm needs its configured weight',
      'arms.a.varaince: unknown field',
      'arms.a.n: must be the number of units, an integer >= 0, got 1.5',
      'arms.a.mean: must be a finite number, got "x"',
      'arms.a.variance: must be the sample variance, a finite number >= 0, got -2',
      'arms.b.successes: must not exceed n (10), got 11',
    ])
      expect(r.stderr).toContain(`  ${problem}`);
    const mixed = await results('mixed.json', {
      control: 'a',
      weights: { a: 1, b: 1 },
      arms: { a: { n: 10, mean: 1, variance: 1 }, b: { n: 10, successes: 3 } },
    });
    const m = JSON.parse((await modelroute(['analyze', mixed, '--json'])).stdout);
    expect(m).toMatchObject({
      ok: false,
      exitCode: 1,
      problems: [
        expect.stringContaining('arms: mixes a continuous metric (a: mean and variance) with a rate (b: successes)'),
      ],
    });
    const one = await results('one.json', { control: 'a', weights: { a: 1 }, arms: { a: { n: 10, successes: 3 } } });
    expect((await modelroute(['analyze', one])).stderr).toContain('arms: must be an object with at least two arms');
    const noWeights = await results('nw.json', { control: 'a', arms: continuous.arms });
    expect((await modelroute(['analyze', noWeights])).stderr).toContain(
      'weights: must be an object with the configured weight of every arm',
    );

    const good = await results('good.json', continuous);
    const [alpha, tau2, mde, both, none] = await Promise.all([
      modelroute(['analyze', good, '--alpha', '2']),
      modelroute(['analyze', good, '--tau2', '0']),
      modelroute(['analyze', good, '--mde', 'big']),
      modelroute(['analyze', good, '--tau2', '1', '--mde', '1']),
      modelroute(['analyze']),
    ]);
    expect(alpha).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--alpha must be strictly between 0 and 1 (got 2)'),
    });
    expect(tau2).toMatchObject({ code: 1, stderr: expect.stringContaining('--tau2 must be a finite number > 0') });
    expect(mde).toMatchObject({ code: 1, stderr: expect.stringContaining('--mde must be a number, got "big"') });
    expect(both).toMatchObject({ code: 2, stderr: expect.stringContaining('give --tau2 or --mde, not both') });
    expect(none.code).toBe(2);
  });
});

const numbers = (value: unknown): number[] =>
  typeof value === 'number'
    ? [value]
    : typeof value === 'object' && value !== null
      ? Object.values(value).flatMap(numbers)
      : [];

describe('analyzeResults (in-process)', () => {
  type Arm = { n: number; mean: number; variance: number } | { n: number; successes: number };
  const arm = (kind: 'continuous' | 'rate'): fc.Arbitrary<Arm> =>
    kind === 'continuous'
      ? fc
          .record({
            n: fc.integer({ min: 0, max: 1e6 }),
            mean: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
            variance: fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e8, noNaN: true })),
          })
          .map((a) => (a.n < 2 ? { ...a, variance: 0 } : a))
      : fc
          .integer({ min: 0, max: 1e6 })
          .chain((n) => fc.record({ n: fc.constant(n), successes: fc.integer({ min: 0, max: n }) }));

  it('for any valid file: never throws, matches the stats functions exactly, and every p-value is in [0, 1] or explained', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom('continuous' as const, 'rate' as const)
          .chain((kind) =>
            fc.tuple(
              fc.constant(kind),
              fc.array(arm(kind), { minLength: 2, maxLength: 4 }),
              fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 4, maxLength: 4 }),
            ),
          ),
        ([kind, arms, w]) => {
          const names = arms.map((_, i) => `m${i}`);
          const json = {
            control: 'm0',
            weights: Object.fromEntries(names.map((n, i) => [n, w[i]!])),
            arms: Object.fromEntries(names.map((n, i) => [n, arms[i]!])),
          };
          const problems: string[] = [];
          const parsed = checkResults(json, problems);
          expect(problems).toEqual([]);
          const analysis = analyzeResults('x.json', parsed!, 0.05);
          expect(analysis.metric).toBe(kind);
          expect(analysis.srm.mismatch).toBe(
            srmTest(Object.fromEntries(names.map((n, i) => [n, arms[i]!.n])), json.weights).mismatch,
          );
          for (const c of analysis.comparisons) {
            const [a, b] = [json.arms[c.control]!, json.arms[c.arm]!];
            if (c.result !== null) {
              expect(c.result).toEqual(
                kind === 'continuous' ? welchTTest(a as never, b as never) : twoProportionZTest(a as never, b as never),
              );
              expect(c.error).toBeUndefined();
            } else expect(c.error).toEqual(expect.any(String));
            if (c.sequential.pValue === null) expect(c.sequential.error).toEqual(expect.any(String));
            else expect(c.sequential.pValue >= 0 && c.sequential.pValue <= 1).toBe(true);
          }
          // What --json prints holds no NaN (JSON would turn it into null silently).
          expect(numbers(analysis).filter((x) => Number.isNaN(x))).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts the control first, whatever the order of the arms in the file', () => {
    const problems: string[] = [];
    const parsed = checkResults(
      { control: 'b', weights: { a: 1, b: 1 }, arms: { a: { n: 10, successes: 2 }, b: { n: 10, successes: 5 } } },
      problems,
    );
    expect(parsed!.arms.map((a) => a.arm)).toEqual(['b', 'a']);
    const c = analyzeResults('f', parsed!, 0.05).comparisons[0]!;
    expect(c).toMatchObject({ arm: 'a', control: 'b' });
    expect(c.result).toEqual(twoProportionZTest({ n: 10, successes: 5 }, { n: 10, successes: 2 }));
  });
});
