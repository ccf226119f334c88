// End to end with a real Prometheus: the examples/prometheus service runs as a child process, Prometheus
// scrapes it every second, the test drives traffic over HTTP and reads the router's metrics back with
// PromQL: per-variant counts, the error count and a p99 from the histogram, against what it sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheusExample, type ExampleProcess } from './helpers/prometheus-example.js';
import { findPrometheus, startPrometheus, type PrometheusServer, type Sample } from './helpers/prometheus-server.js';

const bin = findPrometheus();
// `pnpm test` runs every test: without Prometheus this file fails and says how to get it (no silent skip).
const missing =
  bin === undefined
    ? `no prometheus binary (${process.env.PROMETHEUS_BIN ? `PROMETHEUS_BIN=${process.env.PROMETHEUS_BIN} is not executable` : 'none on the PATH or in /usr/bin'}); install it with \`sudo apt-get install -y prometheus\` (Debian/Ubuntu; .ci/run does) or from https://prometheus.io/download/, or set PROMETHEUS_BIN`
    : undefined;

const ROUTE = 'fraud-score';
const TOTAL = 300;
const FAIL_EVERY = 10; // calls 0, 10, 20, ...: the model throws
const SLOW = [5, 55, 105, 155, 205]; // these take 1.5 s: the slowest 5 of 300, so the p99 falls among them
const SLOW_MS = 1500;

interface Sent {
  variant: string;
  ok: boolean;
}

async function send(url: string, i: number): Promise<Sent> {
  const simulate = { fail: i % FAIL_EVERY === 0, delayMs: SLOW.includes(i) ? SLOW_MS : 0 };
  const res = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ unit: `user-${i}`, transaction: { amount: 100 + i, country: 'NL', simulate } }),
  });
  const body = (await res.json()) as { variant: string };
  if (res.status !== 200 && res.status !== 502) throw new Error(`POST /predict: ${res.status} ${JSON.stringify(body)}`);
  return { variant: body.variant, ok: res.status === 200 };
}

const byLabel = (samples: Sample[], label: string): Record<string, number> =>
  Object.fromEntries(samples.map((s) => [s.metric[label] ?? '', s.value]));
const tally = (sent: Sent[], pick: (s: Sent) => boolean): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const s of sent) if (pick(s)) out[s.variant] = (out[s.variant] ?? 0) + 1;
  return out;
};

// PromQL's histogram_quantile over cumulative bucket counts: linear interpolation inside the bucket
// that holds the rank q * total (the lower bound of the first bucket is 0).
function histogramQuantile(q: number, buckets: ReadonlyArray<[le: number, cumulative: number]>): number {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const rank = q * sorted[sorted.length - 1]![1];
  const i = sorted.findIndex(([, c]) => c >= rank);
  const [upper, count] = sorted[i]!;
  const [lower, below] = i === 0 ? [0, 0] : sorted[i - 1]!;
  return lower + (upper - lower) * ((rank - below) / (count - below));
}

describe('metrics read back from a real Prometheus', () => {
  let example: ExampleProcess | undefined;
  let prometheus: PrometheusServer | undefined;
  const sent: Sent[] = [];

  beforeAll(async () => {
    if (missing) throw new Error(missing);
    example = await startPrometheusExample();
    prometheus = await startPrometheus({
      bin: bin!,
      targets: [example.hostPort],
      job: 'modelroute-example',
      scrapeIntervalS: 1,
    });
    await prometheus.waitFor('up{job="modelroute-example"}', (s) => s[0]?.value === 1);
    // Traffic: batches of 20 in parallel; the five slow calls overlap, so this takes about 1.5 s.
    for (let start = 0; start < TOTAL; start += 20) {
      sent.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(20, TOTAL - start) }, (_, k) => send(example!.url, start + k)),
        )),
      );
    }
    // Wait until a scrape after the last call has landed.
    await prometheus.waitFor(
      `sum(modelroute_prediction_duration_count{feature_flag_key="${ROUTE}"})`,
      (s) => s[0]?.value === TOTAL,
    );
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await example?.stop();
  });

  it('counts every call per variant, in the duration histogram and the decisions counter', async () => {
    const expected = tally(sent, () => true);
    expect(Object.keys(expected).sort()).toEqual(['fraud-v3', 'fraud-v4']); // the 80/20 canary sent traffic to both
    const calls = await prometheus!.query(
      `sum by (feature_flag_result_variant) (modelroute_prediction_duration_count{feature_flag_key="${ROUTE}"})`,
    );
    expect(byLabel(calls, 'feature_flag_result_variant')).toEqual(expected);
    const decisions = await prometheus!.query(
      `sum by (feature_flag_result_variant) (modelroute_decisions_total{feature_flag_key="${ROUTE}",feature_flag_result_reason="weighted"})`,
    );
    expect(byLabel(decisions, 'feature_flag_result_variant')).toEqual(expected);
  });

  it('counts the errors, per variant', async () => {
    const errors = await prometheus!.query(
      `sum by (feature_flag_result_variant) (modelroute_prediction_duration_count{feature_flag_key="${ROUTE}",modelroute_prediction_outcome="error"})`,
    );
    expect(byLabel(errors, 'feature_flag_result_variant')).toEqual(tally(sent, (s) => !s.ok));
    const total = await prometheus!.query(
      `sum(modelroute_prediction_duration_count{modelroute_prediction_outcome="error"})`,
    );
    expect(total[0]!.value).toBe(TOTAL / FAIL_EVERY);
  });

  it('gives the p99 of what was sent from the histogram', async () => {
    const buckets = await prometheus!.query(
      `sum by (le) (modelroute_prediction_duration_bucket{feature_flag_key="${ROUTE}"})`,
    );
    const cumulative = Object.fromEntries(buckets.map((s) => [s.metric.le!, s.value]));
    // 295 calls answered at once (well under 1 s), 5 took 1.5 s (between 1 and 2.5 s).
    expect(cumulative['1']).toBe(TOTAL - SLOW.length);
    expect(cumulative['2.5']).toBe(TOTAL);
    const p99 = (
      await prometheus!.query(
        `histogram_quantile(0.99, sum by (le) (modelroute_prediction_duration_bucket{feature_flag_key="${ROUTE}"}))`,
      )
    )[0]!.value;
    const finite: Array<[number, number]> = buckets.map((s) => [
      s.metric.le === '+Inf' ? Infinity : Number(s.metric.le),
      s.value,
    ]);
    expect(p99).toBeCloseTo(
      histogramQuantile(
        0.99,
        finite.filter(([le]) => le !== Infinity),
      ),
      9,
    );
    expect(p99).toBeCloseTo(1 + 1.5 * ((0.99 * TOTAL - (TOTAL - SLOW.length)) / SLOW.length), 9); // 1.6 s
    // The true p99 of what was sent (the 297th of 300 latencies: a slow call, 1.5 s) lies in that bucket, (1, 2.5].
  });

  it('exports the weights in force and the documents applied', async () => {
    const weights = await prometheus!.query(`modelroute_variant_weight{feature_flag_key="${ROUTE}"}`);
    expect(byLabel(weights, 'feature_flag_result_variant')).toEqual({ 'fraud-v3': 0.8, 'fraud-v4': 0.2 });
    const documents = await prometheus!.query(`modelroute_documents_total{feature_flag_key="${ROUTE}"}`);
    expect(byLabel(documents, 'modelroute_document_result')).toEqual({ applied: 1, rejected: 0 });
  });
});
