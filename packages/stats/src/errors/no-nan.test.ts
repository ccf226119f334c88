import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { srmTest } from '../inference/srm-test.js';
import { twoProportionZTest } from '../inference/two-proportion-z-test.js';
import { welchTTest } from '../inference/welch-t-test.js';
import { chiSquareSurvival } from '../numerics/chi-square-survival.js';
import { studentTCdf } from '../numerics/student-t-cdf.js';
import { studentTQuantile } from '../numerics/student-t-quantile.js';
import { msprt } from '../sequential/msprt.js';

// Property tests (fast-check, fixed seeds): valid input never yields NaN, anywhere in the output.
const settings = { seed: 7, numRuns: 400 };

function noNaN(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isNaN(value);
  if (Array.isArray(value)) return value.every(noNaN);
  if (value && typeof value === 'object') return Object.values(value).every(noNaN);
  return true;
}

const logUniform = (lo: number, hi: number) =>
  fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map(Math.exp);

describe('valid input never yields NaN', () => {
  it('numerics over wide ranges of df, t, p and x', () => {
    fc.assert(
      fc.property(
        logUniform(0.05, 1e9),
        fc.double({ min: -1e300, max: 1e300, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (df, t, p) => {
          const values = [
            studentTCdf(t, df),
            studentTQuantile(p, df),
            chiSquareSurvival(Math.abs(t), Math.min(df, 1e7)),
          ];
          return values.every((v) => !Number.isNaN(v)) && values[0]! >= 0 && values[0]! <= 1;
        },
      ),
      settings,
    );
  });

  it('welchTTest on any valid summaries (one variance may be 0)', () => {
    const summary = fc.record({
      n: fc.integer({ min: 2, max: 10_000_000 }),
      mean: fc.oneof(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e300, max: 1e300, noNaN: true }),
      ),
      variance: fc.oneof(fc.constant(0), logUniform(1e-12, 1e12), logUniform(1e-300, 1e300)),
    });
    fc.assert(
      fc.property(summary, summary, fc.double({ min: 1e-6, max: 0.999, noNaN: true }), (a, b, alpha) => {
        fc.pre(a.variance > 0 || b.variance > 0);
        const r = welchTTest(a, b, { alpha });
        return noNaN(r) && r.pValue >= 0 && r.pValue <= 1 && r.ci[0] <= r.ci[1];
      }),
      settings,
    );
  });

  it('twoProportionZTest on any non-degenerate counts', () => {
    const counts = fc
      .integer({ min: 1, max: 10_000_000 })
      .chain((n) => fc.record({ n: fc.constant(n), successes: fc.integer({ min: 0, max: n }) }));
    fc.assert(
      fc.property(counts, counts, (a, b) => {
        const pooled = (a.successes + b.successes) / (a.n + b.n);
        fc.pre(pooled > 0 && pooled < 1);
        const r = twoProportionZTest(a, b);
        return noNaN(r) && r.pValue >= 0 && r.pValue <= 1;
      }),
      settings,
    );
  });

  it('srmTest and msprt', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 2, maxLength: 8 }),
        fc.array(logUniform(1e-3, 1e3), { minLength: 8, maxLength: 8 }),
        (counts, weights) => noNaN(srmTest(counts, weights.slice(0, counts.length))),
      ),
      settings,
    );
    fc.assert(
      fc.property(
        logUniform(1, 1e9),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        logUniform(1e-200, 1e200),
        logUniform(1e-9, 1e3),
        (n, diff, variance, tau2) => noNaN(msprt({ n, diff, variance, tau2 })),
      ),
      settings,
    );
  });
});

describe('sanity', () => {
  it('noNaN helper detects NaN', () => {
    expect(noNaN({ a: [1, { b: NaN }] })).toBe(false);
  });
});
