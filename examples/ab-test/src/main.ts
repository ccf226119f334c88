// A/B test of two iris classifiers, live: a simulated stream of visitors, each classified by the variant
// the router assigns; the true species arrives 1 to 200 visitors later and is tracked as outcomes
// (`correct`: accuracy as a proportion; `true-class-probability`: a mean). The analysis is printed as the
// outcomes come in, until the primary metric has a verdict.
import { createRouter, staticSource, type Analysis } from '@modelroute/core';
import { rollout } from './experiment.js';
import { FLOWERS, LABELS, trainGaussianNaiveBayes, trainSepalCentroid, type Flower } from './iris-models.js';
import { seeded } from './seeded.js';

const router = await createRouter({
  route: 'iris',
  models: { 'sepal-centroid': trainSepalCentroid(), 'gaussian-nb': trainGaussianNaiveBayes() },
  source: staticSource(rollout),
  fallback: 'sepal-centroid',
});

const random = seeded(2026);
const noise = (): number => (random() + random() + random() - 1.5) * 0.4; // measurement error, in cm
const pending: Array<{
  due: number;
  unit: string;
  label: string;
  probabilities: Record<string, number>;
  species: string;
}> = [];

const line = (a: Analysis): string =>
  a.metrics
    .map((m) => {
      const c = m.comparisons[0]!;
      const means = Object.entries(m.variants).map(([v, f]) => `${v} ${f.mean.toFixed(3)} (n ${f.n})`);
      return `${m.name}: ${means.join(' vs ')}; always-valid p ${c.alwaysValidPValue.toPrecision(2)} -> ${c.verdict}`;
    })
    .join('\n    ');

let verdict: string = 'collecting';
let visitor = 0;
for (; visitor < 20_000 && verdict === 'collecting'; visitor++) {
  const unit = `visitor-${visitor}`;
  const i = Math.floor(random() * FLOWERS.length);
  const x = FLOWERS[i]!.map((v) => Math.max(0.1, v + noise())) as unknown as Flower;
  const { output } = await router.predictDetailed(x, { unit });
  pending.push({ due: visitor + 1 + Math.floor(random() * 200), unit, label: LABELS[i]!, ...output });
  // Labels that have arrived by now become outcomes of the variant each visitor was exposed to.
  for (let k = pending.length - 1; k >= 0; k--) {
    const p = pending[k]!;
    if (p.due > visitor) continue;
    router.track('correct', p.species === p.label ? 1 : 0, { unit: p.unit });
    router.track('true-class-probability', p.probabilities[p.label]!, { unit: p.unit });
    pending.splice(k, 1);
  }
  if ((visitor + 1) % 250 === 0) {
    const analysis = router.analysis()!;
    verdict = analysis.metrics[0]!.comparisons[0]!.verdict;
    console.log(`after ${visitor + 1} visitors (SRM p ${analysis.srm.pValue.toPrecision(2)}):\n    ${line(analysis)}`);
  }
}
const analysis = router.analysis()!;
const [correct] = analysis.metrics;
const c = correct!.comparisons[0]!;
console.log(
  `\nverdict after ${visitor} visitors: gaussian-nb is ${c.verdict} than sepal-centroid on accuracy: ` +
    `${(c.difference * 100).toFixed(1)} points (${(c.ci[0] * 100).toFixed(1)} to ${(c.ci[1] * 100).toFixed(1)}), ` +
    `always-valid p ${c.alwaysValidPValue.toPrecision(2)}; planned sample ${c.requiredSamplePerVariant} per variant`,
);
await router.close();
