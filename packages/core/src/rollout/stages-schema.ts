import type { StagesConfig } from './document.js';
import { optional, type ObjectShape } from './shape/shape.js';
import { must } from './shape/common-shapes.js';

// A staged rollout in the route document (issue 13): the candidate's weight moves through `steps`, and the
// current step is the candidate's weight in force. `rolloutController` advances, holds or rolls it back.

const duration = (description: string) =>
  optional({
    kind: 'number',
    message: must('a duration in milliseconds (a number >= 0)'),
    rules: [{ kind: 'min', value: 0 }],
    description,
  });

export const stageStepShape = {
  kind: 'object',
  keys: {
    weight: {
      kind: 'number',
      message: must('a percentage above 0 and at most 100'),
      rules: [
        { kind: 'gt', value: 0 },
        { kind: 'max', value: 100 },
      ],
      description: "The candidate's share of traffic in this step, in percent (the other models share the rest).",
    },
    minDurationMs: duration('The step lasts at least this long, whatever the figures say (default 0).'),
    maxDurationMs: duration(
      'Past this, a step still without its sample holds and says so; lack of data never rolls back (default: no limit, the step waits).',
    ),
  },
  message: must('a step like { "weight": 5 }'),
} satisfies ObjectShape;

export const stagesShape = {
  kind: 'object',
  keys: {
    candidate: {
      kind: 'string',
      message: must('a model id (a non-empty string)'),
      minLength: { value: 1, message: () => 'must be a model id (a non-empty string), got ""' },
      description: 'The model rolled out: one of the weights, not the champion.',
    },
    steps: {
      kind: 'array',
      item: stageStepShape,
      message: must('an array of steps like [{ "weight": 5 }]'),
      minLength: {
        value: 1,
        message: () => 'must hold at least one step, e.g. [{ "weight": 5 }, { "weight": 100 }]',
      },
      description: "The candidate's weights, in ascending order, with each step's minimum and maximum duration.",
    },
    onComplete: optional({
      kind: 'enum',
      values: ['promote', 'stay'],
      message: must('"promote" or "stay"'),
      description:
        'After the last step: "promote" makes the candidate the champion with all traffic; "stay" keeps the last step\'s weights (default "promote").',
    }),
  },
  message: must('stages like { "candidate": ..., "steps": [{ "weight": 5 }, ...] }'),
  refine: (stages: StagesConfig, add) => {
    stages.steps.forEach((step, i) => {
      const previous = stages.steps[i - 1];
      if (previous !== undefined && !(step.weight > previous.weight))
        add(
          ['steps', i, 'weight'],
          `must be above the previous step's weight (${previous.weight}): steps go up, got ${step.weight}`,
        );
      if (
        step.maxDurationMs !== undefined &&
        step.minDurationMs !== undefined &&
        step.maxDurationMs < step.minDurationMs
      )
        add(
          ['steps', i, 'maxDurationMs'],
          `must be at least minDurationMs (${step.minDurationMs}), got ${step.maxDurationMs}`,
        );
    });
  },
} satisfies ObjectShape;

/** The checks that need the whole route: the candidate is one of its models, and not its champion. */
export function checkStagesOfRoute(
  route: { champion: string; weights: Record<string, number>; stages?: StagesConfig | undefined },
  add: (path: PropertyKey[], message: string) => void,
): void {
  const candidate = route.stages?.candidate;
  if (candidate === undefined) return;
  if (!Object.hasOwn(route.weights, candidate))
    add(
      ['stages', 'candidate'],
      `must be a model of the route's weights (${Object.keys(route.weights).join(', ')}), got "${candidate}"`,
    );
  else if (candidate === route.champion)
    add(
      ['stages', 'candidate'],
      `must not be the champion ("${candidate}"): stages roll a new model out against the champion`,
    );
}
