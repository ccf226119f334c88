// Delegate mode: "a delegate that throws or names an unknown model never fails the call". Some answers
// and throws make askDelegate itself throw, so predict() rejects with a TypeError from modelroute's code.
import { createRouter, memorySource } from '/work/main/packages/core/dist/index.js';
const keep = setInterval(() => {}, 1000);
const cyclic = {}; cyclic.self = cyclic;
const cases = {
  'throws Object.create(null)': () => { throw Object.create(null); },
  'throws {toString(){throw}}': () => { throw { toString() { throw new Error('toString'); } }; },
  'answers 1n (BigInt)': () => 1n,
  'answers a cyclic object': () => cyclic,
  'answers a Symbol': () => Symbol('x'),
  'rejects with undefined': () => Promise.reject(undefined),
  'never settles': () => new Promise(() => {}),
};
let bad = 0;
for (const [name, assign] of Object.entries(cases)) {
  const src = memorySource({ routes: { r: { champion: 'a', weights: { a: 1, b: 1 } } } });
  const source = { ...src, name: 'delegating', subscribe: src.subscribe.bind(src), delegate: { assign } };
  const r = await createRouter({ route: 'r', models: { a: () => 'A', b: () => 'B' }, source, fallback: 'a', onWarning: () => {} });
  r.on('delegateFailed', () => {});
  const res = await Promise.race([
    r.predictDetailed(0, { unit: 'u' }).then((d) => `answered ${d.output} (${d.decision.reason})`, (e) => { bad++; return `REJECTED ${e?.constructor?.name}: ${e?.message}`; }),
    new Promise((s) => setTimeout(() => s('still pending after 2 s'), 2000)),
  ]);
  if (res.startsWith('still')) bad++;
  console.log(name.padEnd(30), res);
  r.close();
}
clearInterval(keep);
process.exitCode = bad ? 1 : 0;
