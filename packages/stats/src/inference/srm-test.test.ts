import { describe, expect, it } from 'vitest';
import ref from '../numerics/reference-values.json';
import { relativeError } from '../testing/relative-error.js';
import { srmTest } from './srm-test.js';

// Rows: [counts, weights, chiSquare, p] computed in 50-digit arithmetic (scripts/reference-values.py).
const rows = ref.srm as [number[], number[], number, number][];

describe('srmTest', () => {
  it('takes weights near the largest double as shares: a perfect split is no mismatch', () => {
    const r = srmTest([1000, 1000], [1e308, 1e308]);
    expect(r.expected).toEqual([1000, 1000]);
    expect(r).toMatchObject({ chiSquare: 0, pValue: 1, mismatch: false });
  });

  it('reproduces Pearson’s χ² and its p-value for 2 to 4 arms (mpmath, 1e-12)', () => {
    for (const [counts, weights, chi, p] of rows) {
      const r = srmTest(counts, weights);
      expect(relativeError(r.chiSquare, chi), String(counts)).toBeLessThan(1e-12);
      expect(relativeError(r.pValue, p), String(counts)).toBeLessThan(1e-12);
      expect(r.df).toBe(counts.length - 1);
    }
  });

  it('flags a broken 95/5 canary split and passes a healthy one', () => {
    expect(srmTest([47000, 2780], [95, 5]).mismatch).toBe(true); // p ≈ 2.2e-9
    expect(srmTest([47510, 2490], [95, 5]).mismatch).toBe(false);
    expect(srmTest([10000, 10310], [1, 1]).mismatch).toBe(false); // p ≈ 0.03 is not below 0.001
    expect(srmTest([10000, 10310], [1, 1], { threshold: 0.05 }).mismatch).toBe(true);
  });

  it('needs minCount units in every arm before declaring a mismatch', () => {
    const r = srmTest([60, 2], [1, 1]);
    expect(r.pValue).toBeLessThan(0.001);
    expect(r.mismatch).toBe(false);
    expect(srmTest([60, 2], [1, 1], { minCount: 2 }).mismatch).toBe(true);
  });

  it('accepts objects keyed by arm and returns expected counts in the same shape', () => {
    const r = srmTest({ 'fraud-v3': 9500, 'fraud-v4': 500 }, { 'fraud-v4': 5, 'fraud-v3': 95 });
    expect(r.expected).toEqual({ 'fraud-v3': 9500, 'fraud-v4': 500 });
    expect(r.chiSquare).toBe(0);
    expect(r.pValue).toBe(1);
    expect(srmTest([30, 10], [3, 1]).expected).toEqual([30, 10]);
  });

  it('treats weight-0 arms: ignored while empty, a mismatch when they receive units', () => {
    const empty = srmTest([500, 480, 0], [1, 1, 0]);
    expect(empty.df).toBe(1);
    expect(empty.mismatch).toBe(false);
    const leaked = srmTest([500, 480, 3], [1, 1, 0]);
    expect(leaked).toMatchObject({ chiSquare: Infinity, pValue: 0, mismatch: true });
  });

  it('returns p = 1 with no units at all', () => {
    expect(srmTest([0, 0], [1, 1])).toMatchObject({ chiSquare: 0, pValue: 1, mismatch: false });
  });

  it('rejects malformed input with the argument named', () => {
    expect(() => srmTest([10, -1], [1, 1])).toThrow(/counts\[1\] must be an integer ≥ 0 \(got -1\)/);
    expect(() => srmTest([10, 1.5], [1, 1])).toThrow(/counts\[1\]/);
    expect(() => srmTest([10, 10], [1, NaN])).toThrow(/weights\[1\] must be a finite number ≥ 0 \(got NaN\)/);
    expect(() => srmTest([10, 10], [1])).toThrow(/one entry per arm/);
    expect(() => srmTest([10, 10], [1, 0])).toThrow(/at least two arms a positive share/);
    expect(() => srmTest({ a: 1, b: 2 }, { a: 1, c: 1 })).toThrow(/unmatched: b, c/);
    expect(() => srmTest({ a: 1, b: -2 }, { a: 1, b: 1 })).toThrow(/counts\.b/);
    expect(() => srmTest([1, 2], [1, 1], { threshold: 0 })).toThrow(/threshold must be strictly between 0 and 1/);
  });
});
