import { OpenFeature } from '@openfeature/server-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { inMemoryFlags } from './provider.js';
import { runDemo } from './run-demo.js';

describe('OpenFeature example', () => {
  afterAll(() => OpenFeature.close());

  it('moves the canary through its stages, keeps its users, rejects a bad edit, rolls back, and delegates', async () => {
    const result = await runDemo({ flags: await inMemoryFlags(), users: 1000, log: () => {} });
    expect(result.stages.map((s) => s.version)).toEqual([
      'stable',
      'canary-5',
      'canary-20',
      'canary-50',
      'canary-50',
      'stable',
    ]);
    const shares = result.stages.map((s) => s.canaryShare);
    for (const [i, expected] of [
      [0, 0],
      [1, 0.05],
      [2, 0.2],
      [3, 0.5],
      [4, 0.5],
      [5, 0],
    ] as const)
      expect(Math.abs(shares[i]! - expected)).toBeLessThan(0.06);
    expect(result.stages.slice(0, 5).map((s) => s.leftCanary)).toEqual([0, 0, 0, 0, 0]);
    expect(result.rejected).toEqual([
      expect.stringMatching(
        /weights\.fraud-v4: must be 0 or a number from 1e-9 to 1000000000 \(only the ratios matter: scale the weights into this range\), got "50%"/,
      ),
    ]);
    expect(result.delegate.map((d) => d.reasons)).toEqual([['delegate'], ['delegate']]);
    expect(Math.abs(result.delegate[0]!.canaryShare - 0.1)).toBeLessThan(0.05);
    expect(Math.abs(result.delegate[1]!.canaryShare - 0.3)).toBeLessThan(0.06);
    expect(result.delegate.every((d) => d.betaInCanary)).toBe(true);
  });
});
