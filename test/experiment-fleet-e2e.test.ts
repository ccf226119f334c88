// Fleet analysis end to end: three instances of the examples/ab-test service, each with its own router,
// get a third of the traffic; Debian's Prometheus scrapes all three; `modelroute analyze --prometheus`
// sums their experiment counters with PromQL and analyses them. The result must equal router.analysis()
// of one in-process router that saw the pooled data (the same units, predictions and outcomes).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRouter, staticSource, type Analysis, type Router } from '../packages/core/src/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollout } from '../examples/ab-test/src/experiment.js';
import {
  FLOWERS,
  LABELS,
  trainGaussianNaiveBayes,
  trainSepalCentroid,
  type Flower,
  type Prediction,
} from '../examples/ab-test/src/iris-models.js';
import { runCli } from '../packages/cli/src/program.js';
import { startPrometheusExample, type ExampleProcess } from './helpers/prometheus-example.js';
import { findPrometheus, startPrometheus, type PrometheusServer } from './helpers/prometheus-server.js';

const bin = findPrometheus();
const inCi = process.env.CI === 'true';
const missing = bin === undefined ? 'no prometheus binary; apt-get install prometheus (.ci/run does)' : undefined;
if (missing && !inCi) console.warn(`experiment-fleet-e2e: SKIPPED: ${missing}`);

const DIR = fileURLToPath(new URL('../examples/ab-test/', import.meta.url));
const UNITS = 600;
const post = async (url: string, body: unknown): Promise<Record<string, unknown>> => {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
};
// JSON's view (Infinity becomes null), as the CLI prints it.
const asJson = (a: Analysis): unknown => JSON.parse(JSON.stringify(a));

describe.skipIf(missing !== undefined && !inCi)('experiment analysis of a fleet from a real Prometheus', () => {
  let dir = '';
  let file = '';
  const services: ExampleProcess[] = [];
  let prometheus: PrometheusServer | undefined;
  let pooled: Router<Flower, Prediction>;

  beforeAll(async () => {
    if (missing) throw new Error(`CI=true, so this is a failure, not a skip: ${missing}`);
    dir = await mkdtemp(join(tmpdir(), 'modelroute-fleet-'));
    file = join(dir, 'rollout.json');
    await writeFile(file, JSON.stringify(rollout));
    for (let i = 0; i < 3; i++)
      services.push(await startPrometheusExample({ ROLLOUT_FILE: file }, { dir: DIR, script: 'src/serve.ts' }));
    prometheus = await startPrometheus({
      bin: bin!,
      targets: services.map((s) => s.hostPort),
      job: 'ab-test',
      scrapeIntervalS: 1,
    });
    pooled = await createRouter({
      route: 'iris',
      models: { 'sepal-centroid': trainSepalCentroid(), 'gaussian-nb': trainGaussianNaiveBayes() },
      source: staticSource(rollout),
      fallback: 'sepal-centroid',
    });
    // Traffic: unit i goes to instance i % 3, and its outcome comes back to the same instance.
    for (let start = 0; start < UNITS; start += 30) {
      await Promise.all(
        Array.from({ length: 30 }, async (_, k) => {
          const i = start + k;
          const unit = `visitor-${i}`;
          const flower = FLOWERS[(i * 37) % FLOWERS.length]!;
          const label = LABELS[(i * 37) % FLOWERS.length]!;
          const url = services[i % 3]!.url;
          const answer = (await post(`${url}/predict`, { unit, flower })) as unknown as Prediction & {
            variant: string;
          };
          const local = await pooled.predictDetailed(flower, { unit });
          expect(answer.variant).toBe(local.decision.variant); // the same sticky assignment everywhere
          const correct = answer.species === label ? 1 : 0;
          const probability = answer.probabilities[label]!;
          await post(`${url}/track`, { unit, metric: 'correct', value: correct });
          await post(`${url}/track`, { unit, metric: 'true-class-probability', value: probability });
          pooled.track('correct', correct, { unit });
          pooled.track('true-class-probability', probability, { unit });
        }),
      );
    }
    await prometheus.waitFor(
      'sum(modelroute_experiment_outcomes_total{feature_flag_key="iris"})',
      (s) => s[0]?.value === 2 * UNITS,
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await prometheus?.stop();
    await pooled?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('`modelroute analyze --prometheus` equals the in-process analysis of the pooled data', async () => {
    let stdout = '';
    const code = await runCli(['--json', 'analyze', file, '--prometheus', prometheus!.url, '--route', 'iris'], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stdout += s),
    });
    expect(code, stdout).toBe(0);
    const fleet = (JSON.parse(stdout) as { analysis: Analysis }).analysis;
    const local = asJson(pooled.analysis()!) as Analysis;
    expect(fleet.srm).toEqual(local.srm);
    expect(fleet.srm.exposures['sepal-centroid']! + fleet.srm.exposures['gaussian-nb']!).toBe(UNITS);
    expect(fleet.metrics[0]).toEqual(local.metrics[0]); // the proportion: exact (integer counts)
    // The mean: Prometheus adds three instances' float sums in its own order; the local summary is Welford.
    const [f, l] = [fleet.metrics[1]!, local.metrics[1]!];
    for (const variant of Object.keys(l.variants)) {
      expect(f.variants[variant]!.n).toBe(l.variants[variant]!.n);
      expect(f.variants[variant]!.mean).toBeCloseTo(l.variants[variant]!.mean, 10);
      expect(f.variants[variant]!.sd).toBeCloseTo(l.variants[variant]!.sd, 10);
    }
    const [fc, lc] = [f.comparisons[0]!, l.comparisons[0]!];
    expect(fc.verdict).toBe(lc.verdict);
    expect(fc.requiredSamplePerVariant).toBe(lc.requiredSamplePerVariant);
    for (const key of ['difference', 'pValue', 'alwaysValidPValue'] as const) expect(fc[key]).toBeCloseTo(lc[key], 10);
  });

  it('prints the same analysis for people', async () => {
    let stdout = '';
    const code = await runCli(['analyze', file, '--prometheus', prometheus!.url, '--route', 'iris'], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stdout += s),
    });
    expect(code, stdout).toBe(0);
    expect(stdout).toContain('route iris, version iris-ab-1, champion sepal-centroid');
    expect(stdout).toMatch(/correct \(proportion, increase, primary, mde 5%\)/);
    expect(stdout).toMatch(/gaussian-nb .* (better|collecting|inconclusive)/);
  });
});
