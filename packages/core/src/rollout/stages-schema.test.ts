import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canary } from './strategies.js';
import { validateRolloutDocument } from './validate.js';

const withStages = (stages: unknown, weights: Record<string, number> = { v1: 95, v2: 5 }): unknown => ({
  routes: { score: { champion: 'v1', weights, stages } },
});
const problemsOf = (input: unknown): string[] => {
  const result = validateRolloutDocument(input);
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.problems;
};

describe('stages in the route document', () => {
  it('accepts a staged rollout', () => {
    const stages = {
      candidate: 'v2',
      steps: [{ weight: 5, minDurationMs: 3_600_000, maxDurationMs: 86_400_000 }, { weight: 20 }, { weight: 100 }],
      onComplete: 'stay',
    };
    expect(validateRolloutDocument(withStages(stages))).toMatchObject({ ok: true });
  });

  it.each([
    [
      'a candidate that is not a model of the route',
      { candidate: 'v9', steps: [{ weight: 5 }] },
      'routes.score.stages.candidate: must be a model of the route\'s weights (v1, v2), got "v9"',
    ],
    [
      'the champion as the candidate',
      { candidate: 'v1', steps: [{ weight: 5 }] },
      'routes.score.stages.candidate: must not be the champion ("v1"): stages roll a new model out against the champion',
    ],
    [
      'weights that do not go up',
      { candidate: 'v2', steps: [{ weight: 5 }, { weight: 50 }, { weight: 20 }] },
      "routes.score.stages.steps.2.weight: must be above the previous step's weight (50): steps go up, got 20",
    ],
    [
      'a repeated weight',
      { candidate: 'v2', steps: [{ weight: 5 }, { weight: 5 }] },
      "routes.score.stages.steps.1.weight: must be above the previous step's weight (5): steps go up, got 5",
    ],
    [
      'a weight above 100',
      { candidate: 'v2', steps: [{ weight: 150 }] },
      'routes.score.stages.steps.0.weight: must be a percentage above 0 and at most 100, got 150',
    ],
    [
      'a zero weight',
      { candidate: 'v2', steps: [{ weight: 0 }] },
      'routes.score.stages.steps.0.weight: must be a percentage above 0 and at most 100, got 0',
    ],
    [
      'no steps',
      { candidate: 'v2', steps: [] },
      'routes.score.stages.steps: must hold at least one step, e.g. [{ "weight": 5 }, { "weight": 100 }]',
    ],
    [
      'a maximum below the minimum',
      { candidate: 'v2', steps: [{ weight: 5, minDurationMs: 10, maxDurationMs: 5 }] },
      'routes.score.stages.steps.0.maxDurationMs: must be at least minDurationMs (10), got 5',
    ],
    [
      'a negative duration',
      { candidate: 'v2', steps: [{ weight: 5, minDurationMs: -1 }] },
      'routes.score.stages.steps.0.minDurationMs: must be a duration in milliseconds (a number >= 0), got -1',
    ],
    [
      'an unknown onComplete',
      { candidate: 'v2', steps: [{ weight: 5 }], onComplete: 'merge' },
      'routes.score.stages.onComplete: must be "promote" or "stay", got "merge"',
    ],
    [
      'a step that is a number',
      { candidate: 'v2', steps: [5] },
      'routes.score.stages.steps.0: must be a step like { "weight": 5 }, got 5',
    ],
    ['an unknown key', { candidate: 'v2', steps: [{ weight: 5 }], step: 1 }, 'routes.score.stages: unknown key "step"'],
  ])('rejects %s with its path and reason', (_, stages, problem) => {
    expect(problemsOf(withStages(stages))).toContain(problem);
  });

  it('is in the published JSON Schema', () => {
    const schema = readFileSync(new URL('../../schema/rollout.schema.json', import.meta.url), 'utf8');
    expect(schema).toContain('"stages"');
    expect(schema).toContain('"onComplete"');
  });
});

describe('canary() with steps', () => {
  it('starts at the first step and writes the stages', () => {
    expect(canary({ stable: 'v1', canary: 'v2', steps: [5, { weight: 20, minDurationMs: 1000 }, 100] })).toEqual({
      champion: 'v1',
      weights: { v1: 95, v2: 5 },
      stages: { candidate: 'v2', steps: [{ weight: 5 }, { weight: 20, minDurationMs: 1000 }, { weight: 100 }] },
    });
    expect(canary({ stable: 'v1', canary: 'v2', percent: 0, steps: [5], onComplete: 'stay' }).stages).toEqual({
      candidate: 'v2',
      steps: [{ weight: 5 }],
      onComplete: 'stay',
    });
  });

  it('refuses steps that do not go up, and a canary without percent or steps', () => {
    expect(() => canary({ stable: 'v1', canary: 'v2', steps: [20, 5] })).toThrow(
      "canary(): routes.canary.stages.steps.1.weight: must be above the previous step's weight (20): steps go up, got 5",
    );
    expect(() => canary({ stable: 'v1', canary: 'v2' })).toThrow(/give percent, or steps/);
  });
});
