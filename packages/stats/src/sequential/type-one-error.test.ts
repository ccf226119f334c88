import { describe, expect, it } from 'vitest';
import { welchTTest } from '../inference/welch-t-test.js';
import { sampleSize } from '../sample-size/sample-size.js';
import { Welford } from '../summary/welford.js';
import { seededRandom } from '../testing/seeded-random.js';
import { MsprtMonitor } from './msprt-monitor.js';

const ALPHA = 0.05;

/** Half-width of a 3.5-sigma binomial acceptance band for a rate p over `trials`. */
const band = (p: number, trials: number): number => 3.5 * Math.sqrt((p * (1 - p)) / trials);

interface Outcome {
  fixedHorizon: number;
  naivePeeking: number;
  msprt: number;
  meanStopLook: number;
}

/**
 * `sims` experiments of two arms with normal data (mean 10, sd 2, plus `effect` in arm b), looked at
 * after every batch: a Welch test at the last look only (fixed horizon), a Welch test at every look
 * (naive peeking: reject at the first p < α), and the mSPRT monitor (reject once its p ≤ α).
 */
function simulate(seed: number, sims: number, looks: number, batch: number, effect: number, tau2: number): Outcome {
  const rng = seededRandom(seed);
  let fixedHorizon = 0;
  let naivePeeking = 0;
  let msprt = 0;
  let stopLooks = 0;
  for (let s = 0; s < sims; s++) {
    const a = new Welford();
    const b = new Welford();
    const monitor = new MsprtMonitor({ tau2, alpha: ALPHA });
    let peeked = false;
    for (let look = 1; look <= looks; look++) {
      for (let i = 0; i < batch; i++) {
        a.add(10 + 2 * rng.normal());
        b.add(10 + effect + 2 * rng.normal());
      }
      const p = welchTTest(a.toSummary(), b.toSummary(), { alpha: ALPHA }).pValue;
      if (p < ALPHA) peeked = true;
      if (look === looks && p < ALPHA) fixedHorizon++;
      monitor.observeSummaries(a.toSummary(), b.toSummary());
    }
    if (peeked) naivePeeking++;
    if (monitor.state.rejected) msprt++;
    stopLooks += monitor.state.rejectedAtLook ?? looks;
  }
  return {
    fixedHorizon: fixedHorizon / sims,
    naivePeeking: naivePeeking / sims,
    msprt: msprt / sims,
    meanStopLook: stopLooks / sims,
  };
}

describe('seeded simulation', () => {
  it('under the null: fixed-horizon Welch rejects at α; with a look after every batch, mSPRT stays ≤ α while naive repeated t-tests exceed it', () => {
    const sims = 2000;
    // 20 looks of 50 units per arm each (1,000 per arm at the horizon); τ² = (0.1σ)².
    const r = simulate(20_240_607, sims, 20, 50, 0, 0.04);
    expect(Math.abs(r.fixedHorizon - ALPHA)).toBeLessThanOrEqual(band(ALPHA, sims));
    expect(r.msprt).toBeLessThanOrEqual(ALPHA);
    expect(r.naivePeeking).toBeGreaterThan(ALPHA + band(ALPHA, sims));
    // Armitage, McPherson and Rowe (1969): about 0.25 for 20 equally spaced looks at α = 0.05.
    expect(r.naivePeeking).toBeGreaterThan(0.15);
  });

  it('under an alternative: mSPRT detects the effect and stops early on average', () => {
    // Effect 0.2σ = 0.4; fixed-horizon power with 1,000 per arm is about 0.99.
    const r = simulate(77, 400, 20, 50, 0.4, 0.04);
    expect(r.fixedHorizon).toBeGreaterThan(0.95);
    expect(r.msprt).toBeGreaterThan(0.8);
    expect(r.meanStopLook).toBeLessThan(15);
  });

  it('sampleSize delivers the planned power (80%) for the Welch test', () => {
    const sd = 2;
    const mde = 0.5;
    const n = sampleSize({ sd, mde }); // 252 per group
    const sims = 1000;
    const rng = seededRandom(4242);
    let rejected = 0;
    for (let s = 0; s < sims; s++) {
      const a = new Welford();
      const b = new Welford();
      for (let i = 0; i < n; i++) {
        a.add(sd * rng.normal());
        b.add(mde + sd * rng.normal());
      }
      if (welchTTest(a.toSummary(), b.toSummary()).pValue < ALPHA) rejected++;
    }
    expect(Math.abs(rejected / sims - 0.8)).toBeLessThanOrEqual(band(0.8, sims));
  });
});
