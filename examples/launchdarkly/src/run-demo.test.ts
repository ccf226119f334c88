import { describe, expect, it } from 'vitest';
import { testDashboard } from './dashboard.js';
import { runDemo } from './run-demo.js';

describe('LaunchDarkly example', () => {
  it('moves the canary through its stages, keeps its users, rejects a bad edit, rolls back, and delegates', async () => {
    const dashboard = await testDashboard();
    const lines: string[] = [];
    const result = await runDemo({ dashboard, users: 1000, log: (l) => lines.push(l) });
    dashboard.client.close();
    expect(result.stages.map((s) => s.version)).toEqual([
      'stable',
      'canary-5',
      'canary-20',
      'canary-50',
      'canary-50',
      'stable',
    ]);
    const shares = result.stages.map((s) => s.canaryShare);
    expect(shares[0]).toBe(0);
    for (const [i, expected] of [
      [1, 0.05],
      [2, 0.2],
      [3, 0.5],
      [4, 0.5],
    ] as const)
      expect(Math.abs(shares[i]! - expected)).toBeLessThan(0.06);
    expect(shares[5]).toBe(0);
    expect(result.stages.slice(0, 5).map((s) => s.leftCanary)).toEqual([0, 0, 0, 0, 0]);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatch(/fraud-v4x" is not one of this router's models/);
    expect(result.delegate.map((d) => d.reasons)).toEqual([['delegate'], ['delegate']]);
    expect(Math.abs(result.delegate[0]!.canaryShare - 0.1)).toBeLessThan(0.05);
    expect(Math.abs(result.delegate[1]!.canaryShare - 0.3)).toBeLessThan(0.06);
    expect(result.delegate.every((d) => d.betaInCanary)).toBe(true);
    expect(lines.join('\n')).toMatch(/a bad edit is rejected/);
  });
});
