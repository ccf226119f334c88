import { describe, expect, it } from 'vitest';
import { runDemo } from './run-demo.js';

describe('review example', () => {
  it('raises a prediction-shift and an attribution-shift review for credit-v2 and moves no traffic', async () => {
    const lines: string[] = [];
    const result = await runDemo({ log: (line) => lines.push(line) });
    expect(result.signals.map((s) => [s.variant, s.trigger]).sort()).toEqual([
      ['credit-v2', 'attribution_shift'],
      ['credit-v2', 'prediction_shift'],
    ]);
    const attribution = result.signals.find((s) => s.trigger === 'attribution_shift')!;
    expect(attribution.figures.rankCorrelation as number).toBeLessThan(0.8);
    expect(result.movedDecisions).toBe(0);
    expect(result.shares).toEqual({ 'credit-v1': 0.5, 'credit-v2': 0.5 });
    expect(lines.filter((l) => l.includes('REVIEW'))).toHaveLength(2);
  });
});
