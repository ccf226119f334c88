// experiments.md: "calls without a unit, overrides and delegate-mode decisions are not part of the
// experiment (they do not follow the weights, so they would bias the split)". router.track(metric, value,
// { decision }) ignores decision.reason: the outcome of a QA unit pinned by an override, or of a call
// without a unit (random), is attributed to the variant's summary (and the gate's KPI window), with no
// exposure behind it.
import { createRouter, staticSource, rolloutDocument, abTest } from '/work/main/packages/core/dist/index.js';
const doc = rolloutDocument({ r: { ...abTest({ variants: ['a', 'b'], experiment: { metrics: [{ name: 'm', kind: 'mean', direction: 'increase', mde: 0.1, role: 'primary' }] } }), overrides: { 'qa-1': 'b' } } });
const r = await createRouter({ route: 'r', models: { a: () => 1, b: () => 2 }, source: staticSource(doc), fallback: 'a' });
const qa = await r.predictDetailed(0, { unit: 'qa-1' });
const byDecisionQa = r.track('m', 100, { decision: qa.decision });
const byUnitQa = r.track('m', 100, { unit: 'qa-1' });
let rnd; do rnd = await r.predictDetailed(0); while (rnd.decision.variant !== 'b');
const byDecisionRandom = r.track('m', 100, { decision: rnd.decision });
const f = r.experimentSummary().figures();
console.log(`override call (reason ${qa.decision.reason}): by decision -> ${byDecisionQa}; by unit -> ${byUnitQa}`);
console.log(`unit-less call (reason ${rnd.decision.reason}): by decision -> ${byDecisionRandom}`);
console.log(`exposures ${JSON.stringify(f.exposures)}; outcomes of b: n=${f.summaries.m.b?.n}, mean=${f.summaries.m.b?.mean}`);
await r.close();
process.exitCode = byDecisionQa === 'attributed' || byDecisionRandom === 'attributed' ? 1 : 0;
