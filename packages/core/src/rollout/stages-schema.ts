import * as z from 'zod/mini';
import { builtOnce } from './built-once.js';

// A staged rollout in the route document (issue 13): the candidate's weight moves through `steps`, and the
// current step is the candidate's weight in force. `rolloutController` advances, holds or rolls it back.

const show = (value: unknown): string =>
  typeof value === 'string'
    ? JSON.stringify(value)
    : typeof value === 'object' && value !== null
      ? 'an object'
      : String(value);

const duration = (description: string) =>
  z.optional(
    z
      .number({ error: (iss) => `must be a duration in milliseconds (a number >= 0), got ${show(iss.input)}` })
      .check(
        z.minimum(0, { error: (iss) => `must be a duration in milliseconds (a number >= 0), got ${show(iss.input)}` }),
        z.describe(description),
      ),
  );

export const stageStepSchema = builtOnce(() =>
  z.strictObject(
    {
      weight: z
        .number({ error: (iss) => `must be a percentage above 0 and at most 100, got ${show(iss.input)}` })
        .check(
          z.gt(0, { error: (iss) => `must be a percentage above 0 and at most 100, got ${show(iss.input)}` }),
          z.maximum(100, { error: (iss) => `must be a percentage above 0 and at most 100, got ${show(iss.input)}` }),
          z.describe("The candidate's share of traffic in this step, in percent (the other models share the rest)."),
        ),
      minDurationMs: duration('The step lasts at least this long, whatever the figures say (default 0).'),
      maxDurationMs: duration(
        'Past this, a step still without its sample holds and says so; lack of data never rolls back (default: no limit, the step waits).',
      ),
    },
    {
      error: (iss) =>
        iss.code === 'invalid_type' ? `must be a step like { "weight": 5 }, got ${show(iss.input)}` : undefined,
    },
  ),
);

export const stagesSchema = builtOnce(() =>
  z
    .strictObject(
      {
        candidate: z
          .string({ error: (iss) => `must be a model id (a non-empty string), got ${show(iss.input)}` })
          .check(
            z.minLength(1, { error: 'must be a model id (a non-empty string), got ""' }),
            z.describe('The model rolled out: one of the weights, not the champion.'),
          ),
        steps: z
          .array(stageStepSchema(), {
            error: (iss) => `must be an array of steps like [{ "weight": 5 }], got ${show(iss.input)}`,
          })
          .check(
            z.minLength(1, { error: 'must hold at least one step, e.g. [{ "weight": 5 }, { "weight": 100 }]' }),
            z.describe("The candidate's weights, in ascending order, with each step's minimum and maximum duration."),
          ),
        onComplete: z.optional(
          z
            .enum(['promote', 'stay'], { error: (iss) => `must be "promote" or "stay", got ${show(iss.input)}` })
            .check(
              z.describe(
                'After the last step: "promote" makes the candidate the champion with all traffic; "stay" keeps the last step\'s weights (default "promote").',
              ),
            ),
        ),
      },
      {
        error: (iss) =>
          iss.code === 'invalid_type'
            ? `must be stages like { "candidate": ..., "steps": [{ "weight": 5 }, ...] }, got ${show(iss.input)}`
            : undefined,
      },
    )
    .check(
      z.superRefine((stages, ctx) => {
        stages.steps.forEach((step, i) => {
          const previous = stages.steps[i - 1];
          if (previous !== undefined && !(step.weight > previous.weight))
            ctx.addIssue({
              code: 'custom',
              path: ['steps', i, 'weight'],
              message: `must be above the previous step's weight (${previous.weight}): steps go up, got ${step.weight}`,
            });
          if (
            step.maxDurationMs !== undefined &&
            step.minDurationMs !== undefined &&
            step.maxDurationMs < step.minDurationMs
          )
            ctx.addIssue({
              code: 'custom',
              path: ['steps', i, 'maxDurationMs'],
              message: `must be at least minDurationMs (${step.minDurationMs}), got ${step.maxDurationMs}`,
            });
        });
      }),
    ),
);

/** The checks that need the whole route: the candidate is one of its models, and not its champion. */
export function checkStagesOfRoute(
  route: { champion: string; weights: Record<string, number>; stages?: Stages | undefined },
  ctx: z.core.$RefinementCtx,
): void {
  const candidate = route.stages?.candidate;
  if (candidate === undefined) return;
  if (!Object.hasOwn(route.weights, candidate))
    ctx.addIssue({
      code: 'custom',
      path: ['stages', 'candidate'],
      message: `must be a model of the route's weights (${Object.keys(route.weights).join(', ')}), got "${candidate}"`,
    });
  else if (candidate === route.champion)
    ctx.addIssue({
      code: 'custom',
      path: ['stages', 'candidate'],
      message: `must not be the champion ("${candidate}"): stages roll a new model out against the champion`,
    });
}

/** A staged rollout of a route: the candidate, its steps, and what happens after the last. */
export type Stages = z.output<ReturnType<typeof stagesSchema>>;
/** One step of a staged rollout. */
export type StageStep = z.output<ReturnType<typeof stageStepSchema>>;
