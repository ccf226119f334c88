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
// Units of 16 bytes and more: XXH32's 16-byte stripe loop, then its 4-byte and 1-byte tails.
for (const unit of [
  'abcdefghijklmnop',
  'abcdefghijklmnopq',
  'user-0123456789abcdef',
  'x'.repeat(31),
  'y'.repeat(32),
  'z'.repeat(33),
  'ü'.repeat(9),
])
  cases.push(['stripes', unit, { a: 1, b: 1, c: 1 }]);
// A long unit (1,000 UTF-8 bytes, mixed widths).
cases.push(['long', `${'é€😀a'.repeat(100)}`, { a: 30, b: 70 }]);
// Lone surrogates, per UTF-16 code unit: each becomes U+FFFD (EF BF BD); a valid pair stays one 4-byte character.
for (const unit of ['a\uD800b', '\uDC00', 'x\uD83D', '\uDE00\uD83D', '\uD83D\uDE00', 'a\uFFFDb'])
  cases.push(['surrogates', unit, { a: 1, b: 1 }]);
cases.push(['salt-\uD800', 'user-1', { a: 1, b: 1 }]);
// Combining marks: no Unicode normalization, so NFC and NFD spellings are different units.
for (const unit of ['\u00E9', 'e\u0301', '\u00C5ngstr\u00F6m', 'A\u030Angstro\u0308m'])
  cases.push(['marks', unit, { a: 1, b: 1 }]);
// The ends of the weight range (0, or from 1e-9 to 1e9).
for (let i = 0; i < 4; i++) {
  cases.push(['extreme', `u-${i}`, { a: 1e-9, b: 1e9 }]);
  cases.push(['extreme', `u-${i}`, { a: 1e9, b: 1e9, c: 0 }]);
  cases.push(['extreme', `u-${i}`, { a: 1e-9, b: 1e-9 }]);
  cases.push(['extreme', `u-${i}`, { a: 1e9, b: 1e-9, c: 1 }]);
}

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
