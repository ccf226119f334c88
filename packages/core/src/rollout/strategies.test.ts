import { describe, expect, it } from 'vitest';
import { abTest, blueGreen, canary, championChallenger, rolloutDocument, shadow } from './strategies.js';
import { validateRolloutDocument } from './validate.js';

describe('strategy helpers', () => {
  it('builds a canary', () => {
    expect(canary({ stable: 'v3', canary: 'v4', percent: 5, salt: 's' })).toEqual({
      champion: 'v3',
      weights: { v3: 95, v4: 5 },
      salt: 's',
    });
    expect(() => canary({ stable: 'v3', canary: 'v4', percent: 120 })).toThrow(
      /percent must be between 0 and 100, got 120/,
    );
  });

  it('builds blue/green with blue as the champion on both sides of the switch', () => {
    expect(blueGreen({ blue: 'b', green: 'g', active: 'blue' })).toEqual({ champion: 'b', weights: { b: 100, g: 0 } });
    expect(blueGreen({ blue: 'b', green: 'g', active: 'green' })).toEqual({ champion: 'b', weights: { b: 0, g: 100 } });
  });

  it('builds an A/B test with equal or given shares', () => {
    expect(abTest({ variants: ['a', 'b'] })).toEqual({ champion: 'a', weights: { a: 1, b: 1 } });
    expect(abTest({ variants: { a: 60, b: 40 }, control: 'b' })).toEqual({ champion: 'b', weights: { a: 60, b: 40 } });
  });

  it('builds a shadow launch', () => {
    expect(shadow({ champion: 'v3', shadows: [{ model: 'v5', fraction: 0.25 }] })).toEqual({
      champion: 'v3',
      weights: { v3: 100 },
      shadow: [{ model: 'v5', fraction: 0.25 }],
    });
    expect(() => shadow({ champion: 'v3', shadows: [{ model: 'v5', fraction: 2 }] })).toThrow(
      /shadow\.0\.fraction: must be a number between 0 and 1, got 2/,
    );
  });

  it('builds champion-challenger with challengers sharing 10% by default', () => {
    expect(championChallenger({ champion: 'c', challengers: ['x', 'y'] })).toEqual({
      champion: 'c',
      weights: { c: 90, x: 5, y: 5 },
    });
  });

  it('wraps routes into a valid rollout document', () => {
    const doc = rolloutDocument({
      fraud: canary({ stable: 'v3', canary: 'v4', percent: 20, guard: { p99LatencyMs: 250 } }),
    });
    expect(validateRolloutDocument(doc).ok).toBe(true);
  });
});
