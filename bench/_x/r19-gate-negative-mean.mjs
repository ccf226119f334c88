// Champion-challenger gate on a KPI whose mean is negative (mean log-likelihood of the label, a net margin):
// evaluate-gate.ts computes the lift as difference / champion mean without abs(), so a challenger that is
// clearly better (always-valid p ~ 0, verdict 'better') has a *negative* lift and is never ready. The same
// data shifted by +1 (positive means, same difference) is ready.
import { createRouter, staticSource } from '/work/main/packages/core/dist/index.js';
import { manualClock } from '/work/main/packages/core/dist/testing.js';
async function run(shift) {
  const clock = manualClock(0);
  const doc = { routes: { r: { champion: 'a', weights: { a: 50, b: 50 },
    experiment: { metrics: [{ name: 'loglik', kind: 'mean', direction: 'increase', mde: 0.05, role: 'primary' }] },
    gate: { mode: 'manual', minDays: 0 } } } };
  const r = await createRouter({ route: 'r', models: { a: () => 1, b: () => 1 }, source: staticSource(doc), fallback: 'a', clock });
  let seed = 7; const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < 4000; i++) {
    const { decision } = await r.predictDetailed(0, { unit: 'u' + i });
    const mean = decision.assigned === 'a' ? -0.5 : -0.3; // b is better by 0.2 (40% of |champion|)
    r.track('loglik', mean + shift + (rnd() - 0.5) * 0.2, { unit: 'u' + i });
  }
  clock.advance(3_600_000);
  const s = r.gateStatus();
  const c = r.analysis().metrics[0].comparisons[0];
  await r.close();
  return { ready: s.ready, reason: s.reason, verdict: c.verdict, difference: +c.difference.toFixed(3), relativeLift: +c.relativeLift.toFixed(3) };
}
const neg = await run(0), pos = await run(1);
console.log('champion mean -0.5, challenger -0.3:', JSON.stringify(neg));
console.log('champion mean +0.5, challenger +0.7:', JSON.stringify(pos));
process.exitCode = pos.ready && !neg.ready ? 1 : 0;
