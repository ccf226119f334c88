// Writes spec/hash-test-vectors.json from the built implementation. Run after a deliberate change of
// the spec only (and bump HASH_SPEC_VERSION): the committed vectors are what other languages check against.
import { writeFileSync } from 'node:fs';
import { createAssigner, fmix32, HASH_SPEC_VERSION } from '../dist/spec.js';

const { hash, assign } = await createAssigner();
const cases = [
  ['fraud-score-2026-11', 'user-1', { 'fraud-v3': 95, 'fraud-v4': 5 }],
  ['fraud-score-2026-11', 'user-2', { 'fraud-v3': 95, 'fraud-v4': 5 }],
  ['fraud-score-2026-11', 'user-42', { 'fraud-v3': 50, 'fraud-v4': 50 }],
  ['checkout', 'acct-9001', { a: 1, b: 1, c: 1 }],
  ['checkout', 'acct-9002', { a: 50, b: 30, c: 20 }],
  ['checkout', '', { a: 50, b: 50 }],
  ['', 'user-1', { a: 50, b: 50 }],
  ['route-ü', 'José', { blue: 0, green: 100 }],
  ['route-ü', 'José', { blue: 100, green: 0 }],
  ['推荐', '用户-42', { 'model-α': 2, 'model-β': 3, 'model-γ': 5 }],
  ['emoji', '🚀 launch', { x: 0.25, y: 0.75 }],
  ['five', 'u-0', { v1: 10, v2: 20, v3: 30, v4: 25, v5: 15 }],
  ['five', 'u-1', { v1: 10, v2: 20, v3: 30, v4: 25, v5: 15 }],
  ['five', 'u-2', { v1: 10, v2: 20, v3: 30, v4: 25, v5: 15 }],
  ['five', 'u-3', { v1: 10, v2: 20, v3: 30, v4: 25, v5: 15 }],
  ['scale', 'u-7', { a: 0.001, b: 0.002 }],
  ['scale', 'u-7', { a: 1000, b: 2000 }],
];
for (let i = 0; i < 16; i++) cases.push(['bulk', `unit-${i * 7919}`, { control: 45, treatment: 45, holdout: 10 }]);

const vectors = cases.map(([salt, unit, weights]) => {
  const S = hash(salt, 0);
  const H = hash(unit, S);
  const variants = Object.keys(weights).map((v) => {
    const K = hash(v, S);
    const m = fmix32((H ^ K) >>> 0);
    return { id: v, weight: weights[v], K, m };
  });
  return { salt, unit, weights, S, H, variants, expected: assign(salt, unit, weights) };
});

const file = {
  spec: 'modelroute sticky assignment',
  version: HASH_SPEC_VERSION,
  notes:
    'S = xxh32(utf8(salt), 0); H = xxh32(utf8(unit), S); K = xxh32(utf8(variant), S); m = fmix32(H xor K); u = (m + 0.5) / 2^32; pick max weight / -ln(u) over weights > 0; ties to the smaller UTF-8 id. All integers unsigned 32-bit.',
  vectors,
};
writeFileSync(new URL('../spec/hash-test-vectors.json', import.meta.url), `${JSON.stringify(file, null, 2)}\n`);
console.log(`wrote ${vectors.length} vectors`);
