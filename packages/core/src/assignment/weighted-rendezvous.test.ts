import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHasher, type Hash32 } from './hasher.js';
import { assignReference, fmix32Reference, xxh32Reference } from './reference-implementation.test-support.js';
import { assignIndex, buildAssignmentTable, fmix32, randomIndex } from './weighted-rendezvous.js';

let hash: Hash32;
beforeAll(async () => {
  hash = await loadHasher();
});

const assign = (salt: string, unit: string, weights: Record<string, number>): string | undefined => {
  const table = buildAssignmentTable(hash, salt, weights);
  return table.ids[assignIndex(hash, table, unit)];
};

// Critical values of the chi-square distribution at p = 0.001 (upper tail), df = 1..5.
const CHI2_CRITICAL_0_001 = [NaN, 10.828, 13.816, 16.266, 18.467, 20.515];

function chiSquare(observed: number[], expected: number[]): number {
  return observed.reduce((sum, o, i) => sum + (o - expected[i]!) ** 2 / expected[i]!, 0);
}

describe('weighted rendezvous assignment', () => {
  it.each([[{ stable: 95, canary: 5 }], [{ a: 50, b: 30, c: 20 }], [{ v1: 10, v2: 20, v3: 30, v4: 25, v5: 15 }]])(
    'gives every variant its share of 100,000 units within chi-square tolerance: %j',
    (weights) => {
      const table = buildAssignmentTable(hash, 'shares-test', weights);
      const counts = new Array<number>(table.ids.length).fill(0);
      const N = 100_000;
      for (let i = 0; i < N; i++) counts[assignIndex(hash, table, `user-${i}`)]! += 1;
      const expected = table.ids.map((_, i) => (table.weights[i]! / table.total) * N);
      const statistic = chiSquare(counts, expected);
      expect(statistic).toBeLessThan(CHI2_CRITICAL_0_001[table.ids.length - 1]!);
    },
  );

  it('keeps a unit on its variant for the same (salt, unit, weights), whatever the order of the weights', () => {
    const a = { x: 1, y: 2, z: 3 };
    const b = { z: 3, x: 1, y: 2 };
    for (let i = 0; i < 2000; i++) expect(assign('s', `u${i}`, a)).toBe(assign('s', `u${i}`, b));
  });

  it('ignores a common scale of the weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        fc.string(),
        (ws, scale, unit) => {
          const w = Object.fromEntries(ws.map((x, i) => [`v${i}`, x]));
          const scaled = Object.fromEntries(ws.map((x, i) => [`v${i}`, x * scale]));
          // Exact ties in floating point are possible after scaling only within an ulp; allow none here.
          expect(assign('scale', unit, scaled)).toBe(assign('scale', unit, w));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is monotone: growing one share moves units only into it; shrinking it moves units only out of it', () => {
    const units = Array.from({ length: 300 }, (_, i) => `unit-${i}`);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 6 }),
        fc.nat(),
        fc.double({ min: 1.01, max: 50, noNaN: true }),
        fc.boolean(),
        (ws, pick, factor, grow) => {
          const j = pick % ws.length;
          const before = Object.fromEntries(ws.map((w, i) => [`v${i}`, w]));
          const after = { ...before, [`v${j}`]: grow ? ws[j]! * factor : ws[j]! / factor };
          for (const unit of units) {
            const old = assign('mono', unit, before);
            const now = assign('mono', unit, after);
            if (old === now) continue;
            if (grow) expect(now).toBe(`v${j}`);
            else expect(old).toBe(`v${j}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps routes with different salts independent', () => {
    const weights = { a: 50, b: 50 };
    const x = buildAssignmentTable(hash, 'route-x', weights);
    const y = buildAssignmentTable(hash, 'route-y', weights);
    const cells = [0, 0, 0, 0];
    const N = 100_000;
    for (let i = 0; i < N; i++) {
      const unit = `user-${i}`;
      cells[assignIndex(hash, x, unit) * 2 + assignIndex(hash, y, unit)]! += 1;
    }
    const rows = [cells[0]! + cells[1]!, cells[2]! + cells[3]!];
    const cols = [cells[0]! + cells[2]!, cells[1]! + cells[3]!];
    const expected = [0, 1, 2, 3].map((k) => (rows[k >> 1]! * cols[k & 1]!) / N);
    expect(chiSquare(cells, expected)).toBeLessThan(CHI2_CRITICAL_0_001[1]!);
    // A salt change re-randomizes: about half of the units change arm.
    let changed = 0;
    for (let i = 0; i < N; i++) if (assignIndex(hash, x, `user-${i}`) !== assignIndex(hash, y, `user-${i}`)) changed++;
    expect(Math.abs(changed / N - 0.5)).toBeLessThan(0.01);
  });

  it('never picks a variant with weight 0', () => {
    const table = buildAssignmentTable(hash, 'zero', { a: 0, b: 1, c: 0 });
    for (let i = 0; i < 5000; i++) expect(table.ids[assignIndex(hash, table, `u${i}`)]).toBe('b');
    for (let i = 0; i < 5000; i++) expect(table.ids[randomIndex(table)]).toBe('b');
  });

  it('assigns unit-less calls at random in proportion to the weights', () => {
    const table = buildAssignmentTable(hash, 'random', { a: 70, b: 30 });
    let seed = 42;
    const random = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    let a = 0;
    const N = 50_000;
    for (let i = 0; i < N; i++) if (randomIndex(table, random) === 0) a++;
    expect(chiSquare([a, N - a], [0.7 * N, 0.3 * N])).toBeLessThan(CHI2_CRITICAL_0_001[1]!);
  });
});

describe('the published hash spec', () => {
  const file = JSON.parse(readFileSync(new URL('../../spec/hash-test-vectors.json', import.meta.url), 'utf8')) as {
    version: number;
    vectors: Array<{
      salt: string;
      unit: string;
      weights: Record<string, number>;
      S: number;
      H: number;
      variants: Array<{ id: string; K: number; m: number }>;
      expected: string;
    }>;
  };

  it('has a reference xxh32 that matches the known value of the empty input', () => {
    expect(xxh32Reference(new Uint8Array(0), 0)).toBe(0x02cc5d05);
    expect(hash('', 0)).toBe(0x02cc5d05);
  });

  it('passes every test vector, in production code and in the independent reference implementation', () => {
    expect(file.version).toBe(1);
    expect(file.vectors.length).toBeGreaterThan(30);
    const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
    for (const v of file.vectors) {
      expect(hash(v.salt, 0)).toBe(v.S);
      expect(xxh32Reference(utf8(v.salt), 0)).toBe(v.S);
      expect(xxh32Reference(utf8(v.unit), v.S)).toBe(v.H);
      for (const variant of v.variants) {
        expect(xxh32Reference(utf8(variant.id), v.S)).toBe(variant.K);
        expect(fmix32Reference((v.H ^ variant.K) >>> 0)).toBe(variant.m);
        expect(fmix32((v.H ^ variant.K) >>> 0)).toBe(variant.m);
      }
      expect(assign(v.salt, v.unit, v.weights)).toBe(v.expected);
      expect(assignReference(v.salt, v.unit, v.weights)).toBe(v.expected);
    }
  });

  it('covers XXH32 stripes (16+ byte units), a long unit, lone surrogates, combining marks and extreme weights', () => {
    const utf8Bytes = (s: string): number => new TextEncoder().encode(s).length;
    const units = file.vectors.map((v) => v.unit);
    expect(units.filter((u) => utf8Bytes(u) >= 16).length).toBeGreaterThanOrEqual(8);
    expect(units.some((u) => utf8Bytes(u) >= 1000)).toBe(true);
    expect(units.some((u) => /\p{Cs}/u.test(u))).toBe(true);
    expect(units).toEqual(expect.arrayContaining(['e\u0301', '\u00E9']));
    expect(
      file.vectors.some((v) => Object.values(v.weights).includes(1e-9) && Object.values(v.weights).includes(1e9)),
    ).toBe(true);
    const H = (unit: string): number => file.vectors.find((v) => v.salt === 'surrogates' && v.unit === unit)!.H;
    expect(H('a\uD800b')).toBe(H('a\uFFFDb')); // a lone surrogate is U+FFFD, per code unit
    const marks = (unit: string): number => file.vectors.find((v) => v.salt === 'marks' && v.unit === unit)!.H;
    expect(marks('e\u0301')).not.toBe(marks('\u00E9')); // no Unicode normalization
  });

  it('agrees with the reference on any UTF-16 strings (lone surrogates included) and weights across the accepted range', () => {
    const codeUnits = fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        codeUnits,
        codeUnits,
        fc.array(
          fc.oneof(
            fc.constant(0),
            fc.double({ min: -9, max: 9, noNaN: true }).map((e) => Math.min(1e9, Math.max(1e-9, 10 ** e))),
          ),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (salt, unit, ws) => {
          fc.pre(ws.some((w) => w > 0));
          const weights = Object.fromEntries(ws.map((w, i) => [`model-${i}`, w]));
          expect(assign(salt, unit, weights)).toBe(assignReference(salt, unit, weights));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('agrees with the reference implementation on random units, salts and weights, unicode included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'grapheme' }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 }),
        (salt, unit, ws) => {
          fc.pre(ws.some((w) => w > 0));
          const weights = Object.fromEntries(ws.map((w, i) => [`model-${i}`, w]));
          expect(assign(salt, unit, weights)).toBe(assignReference(salt, unit, weights));
        },
      ),
      { numRuns: 500 },
    );
  });
});
