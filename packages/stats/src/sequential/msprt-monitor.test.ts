import { describe, expect, it } from 'vitest';
import { summarize } from '../summary/summarize.js';
import { msprt } from './msprt.js';
import { msprtBernoulli } from './msprt-bernoulli.js';
import { MsprtMonitor } from './msprt-monitor.js';

describe('MsprtMonitor', () => {
  it('keeps the running minimum of min(1, 1/Λ) across looks', () => {
    const monitor = new MsprtMonitor({ tau2: 0.05 });
    const looks = [
      { n: 50, diff: 0.4, variance: 1 },
      { n: 100, diff: 0.1, variance: 1 }, // weaker evidence: p goes up for this look alone
      { n: 150, diff: 0.2, variance: 1 },
    ];
    let min = 1;
    for (const look of looks) {
      const state = monitor.observe(look);
      min = Math.min(min, msprt({ ...look, tau2: 0.05 }).pValue);
      expect(state.pValue).toBe(min);
      expect(state.lambda).toBeCloseTo(msprt({ ...look, tau2: 0.05 }).lambda, 12);
    }
    expect(monitor.state.looks).toBe(3);
    expect(monitor.state.n).toBe(150);
  });

  it('rejects once p ≤ alpha and stays rejected, remembering the look', () => {
    const monitor = new MsprtMonitor({ tau2: 0.01, alpha: 0.05 });
    expect(monitor.observe({ n: 100, diff: 0.05, variance: 1 }).rejected).toBe(false);
    const hit = monitor.observe({ n: 2000, diff: 0.2, variance: 1 });
    expect(hit.rejected).toBe(true);
    expect(hit.rejectedAtLook).toBe(2);
    const later = monitor.observe({ n: 2100, diff: 0, variance: 1 });
    expect(later).toMatchObject({ rejected: true, rejectedAtLook: 2, looks: 3 });
    monitor.reset();
    expect(monitor.state).toEqual({ looks: 0, n: 0, lambda: 1, pValue: 1, rejected: false, rejectedAtLook: null });
  });

  it('observes Bernoulli looks with the Bernoulli form', () => {
    const monitor = new MsprtMonitor({ tau2: 0.001 });
    const state = monitor.observeBernoulli({ n: 3000, meanA: 0.1, meanB: 0.125 });
    expect(state.pValue).toBeCloseTo(msprtBernoulli({ n: 3000, meanA: 0.1, meanB: 0.125, tau2: 0.001 }).pValue, 14);
  });

  it('counts but ignores looks without variance', () => {
    const monitor = new MsprtMonitor({ tau2: 0.01 });
    expect(monitor.observeBernoulli({ n: 20, meanA: 0, meanB: 0 })).toMatchObject({ looks: 1, pValue: 1, n: 0 });
    expect(monitor.observe({ n: 20, diff: 0, variance: 0 })).toMatchObject({ looks: 2, pValue: 1 });
  });

  it('from summaries equals the normal form with the average variance when arms are equal', () => {
    const a = summarize([1.2, 0.8, 1.1, 0.9, 1.4, 1.0]);
    const b = summarize([1.5, 1.3, 1.9, 1.2, 1.6, 1.7]);
    const fromSummaries = new MsprtMonitor({ tau2: 0.1 }).observeSummaries(a, b);
    const direct = msprt({ n: 6, diff: b.mean - a.mean, variance: (a.variance + b.variance) / 2, tau2: 0.1 });
    expect(fromSummaries.pValue).toBeCloseTo(direct.pValue, 14);
  });

  it('validates its options and looks', () => {
    expect(() => new MsprtMonitor({ tau2: 0 })).toThrow(/tau2 must be a finite number > 0/);
    expect(() => new MsprtMonitor({ tau2: 1, alpha: 1 })).toThrow(/alpha must be strictly between 0 and 1/);
    const m = new MsprtMonitor({ tau2: 1 });
    expect(() => m.observe({ n: 10, diff: NaN, variance: 1 })).toThrow(/diff must be a finite number \(got NaN\)/);
    expect(() => m.observe({ n: 10, diff: 0, variance: -1 })).toThrow(/variance must be ≥ 0/);
    expect(() => m.observeSummaries({ n: 1, mean: 0, variance: 0 }, { n: 5, mean: 0, variance: 1 })).toThrow(
      expect.objectContaining({ code: 'insufficient_data', argument: 'a.n' }),
    );
  });
});
