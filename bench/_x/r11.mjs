// A proportion metric whose champion rate is high (a success rate of 99%) with direction 'increase' and a
// relative mde of 2%: p + mde·p > 1, so sampleSizeProportions throws inside the analysis and the required
// sample is Infinity; the metric can never reach its sample and a staged canary can never advance, even
// with 100k identical units per arm (an A/A candidate).
import { analyzeExperiment } from '/work/main/packages/core/dist/experiment.js';
import { decideStage } from '/work/main/packages/core/dist/controller.js';
import { canary } from '/work/main/packages/core/dist/index.js';
const n = 100_000, p = 0.99;
const s = { n, mean: p, variance: (p * (1 - p) * n) / (n - 1) };
const metrics = [{ name: 'success', kind: 'proportion', direction: 'increase', mde: 0.02, role: 'primary' }];
const doc = canary({ stable: 'v3', canary: 'v4', steps: [{ weight: 50, minDurationMs: 1000 }, 100], experiment: { metrics } });
const analysis = analyzeExperiment({ route: 'r', version: 'x', champion: 'v3', weights: doc.weights, metrics, exposures: { v3: n, v4: n }, summaries: { success: { v3: s, v4: s } } });
const c = analysis.metrics[0].comparisons[0];
console.log('weights', doc.weights, 'comparison', JSON.stringify({ verdict: c.verdict, requiredSamplePerVariant: c.requiredSamplePerVariant, alwaysValidPValue: c.alwaysValidPValue }));
const d = decideStage({ document: doc, version: 'x', analysis, guard: [], stepStartedAt: 0, now: 10 * 86_400_000 });
console.log('decision after 10 days at 100k/arm:', d.action, d.code, '-', d.reason);
// the same metric with direction 'decrease' (e.g. an error rate of 1%) is fine:
if (c.requiredSamplePerVariant === Infinity || c.requiredSamplePerVariant === null) { console.log('DEFECT: required sample is Infinity for a 99% baseline'); process.exitCode = 1; }
