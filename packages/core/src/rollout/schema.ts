import * as z from 'zod';
import type {
  ExperimentConfig,
  ExperimentMetric,
  GateConfig,
  GuardConfig,
  ReviewConfig,
  RolloutDocument,
  RouteDocument,
  ShadowTarget,
  StagesConfig,
} from './document.js';
import { type experimentMetricSchema, experimentSchema } from './experiment-schema.js';
import { checkStagesOfRoute, stagesSchema } from './stages-schema.js';
import { modelIdSchema, recordKey } from './ids.js';
import { WEIGHT_MAX, WEIGHT_MIN, weightSchema } from './weight-range.js';
import { reviewSchema } from './review-schema.js';
import { gateSchema } from './gate-schema.js';

export type { GuardConfig, RolloutDocument, RouteDocument, ShadowTarget } from './document.js';

// One source of truth: the validator, the TypeScript types and the published JSON Schema
// (schema/rollout.schema.json, written at build time by z.toJSONSchema) all come from these definitions.

const show = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
};

const nonNegative = (what = 'a non-negative finite number') =>
  z
    .number({ error: (iss) => `must be ${what}, got ${show(iss.input)}` })
    .min(0, { error: (iss) => `must be ${what}, got ${show(iss.input)}` });

const fraction = (description: string) =>
  z
    .number({ error: (iss) => `must be a number between 0 and 1, got ${show(iss.input)}` })
    .min(0, { error: (iss) => `must be a number between 0 and 1, got ${show(iss.input)}` })
    .max(1, { error: (iss) => `must be a number between 0 and 1, got ${show(iss.input)}` })
    .describe(description);

const positive = (description: string) =>
  z
    .number({ error: (iss) => `must be a positive number, got ${show(iss.input)}` })
    .gt(0, { error: (iss) => `must be a positive number, got ${show(iss.input)}` })
    .describe(description);

const modelId = modelIdSchema;

export const shadowTargetSchema = z
  .object({
    model: modelId.describe('The shadow model: it sees a copy of the input; its output never reaches the caller.'),
    fraction: fraction('Share of calls (or units, with sampling "unit") mirrored to this model, from 0 to 1.'),
    sampling: z
      .enum(['call', 'unit'], { error: (iss) => `must be "call" or "unit", got ${show(iss.input)}` })
      .optional()
      .describe('"call" (default): each call is sampled on its own; "unit": a unit is mirrored whole or not at all.'),
  })
  .strict();

export const guardSchema = z
  .object({
    errorRateRatio: positive(
      "Trip when a variant's error rate (errors and timeouts) in the window is at least this many times its baseline: the champion's rate in the same window, or for the champion itself rollbackTo's (default 5).",
    ).optional(),
    minErrorRate: fraction(
      "Floor of the baseline error rate, for the champion's rate and baselineErrorRate alike, so that a champion with no (or very few) errors does not make one candidate error a trip (default 0.01).",
    ).optional(),
    baselineErrorRate: fraction(
      'Baseline error rate used when the champion has fewer than minCalls calls in the window, as in blue/green after the switch; never below minErrorRate: the baseline is max(baselineErrorRate, minErrorRate) (default: minErrorRate).',
    ).optional(),
    p99LatencyMs: positive(
      "Trip when a variant's p99 latency in the window exceeds this SLA, in milliseconds: more than 1% of its calls are slower (default: no latency trigger).",
    ).optional(),
    invalidRate: fraction(
      "Trip when the share of invalid predictions (null, undefined, NaN, or not isValid) among a variant's calls in the window exceeds this (default: no invalid-rate trigger).",
    ).optional(),
    windowMs: positive('Length of the sliding window in milliseconds (default 60000).').optional(),
    minCalls: nonNegative('a non-negative integer')
      .int({ error: (iss) => `must be a non-negative integer, got ${show(iss.input)}` })
      .describe('No trigger fires before this many calls of the variant in the window (default 50).')
      .optional(),
    failover: z
      .boolean({ error: (iss) => `must be true or false, got ${show(iss.input)}` })
      .describe(
        "Answer a candidate's error or timeout with the champion (the champion's with rollbackTo) in the same call (default false).",
      )
      .optional(),
    timeoutMs: positive(
      "A candidate call (the champion's too when rollbackTo is set) slower than this is a timeout: it fails over when failover is on, else the caller gets a model_timeout error (default: no timeout).",
    ).optional(),
    recovery: z
      .enum(['manual', 'half-open'], { error: (iss) => `must be "manual" or "half-open", got ${show(iss.input)}` })
      .describe(
        'How a tripped variant comes back: "manual" (router.reset) or "half-open" probes after cooldownMs (default "manual"). A new document version keeps a trip unless it changes the champion or the guard config, or drops the variant.',
      )
      .optional(),
    cooldownMs: positive(
      'Time a tripped variant stays out before half-open probes, in milliseconds; also how long a probe round may go without any probe admitted or settled (a hung probe) before a fresh round starts (default 30000).',
    ).optional(),
    probeCalls: positive(
      'Probe calls of one round that must all pass in half-open before the variant is restored; at most this many are admitted per round, the rest go to the champion. Calls started before the trip are never probes (default 10).',
    )
      .int({ error: (iss) => `must be a positive integer, got ${show(iss.input)}` })
      .optional(),
  })
  .strict();

export const routeDocumentSchema = z
  .object(
    {
      champion: modelId.describe('The known-good model: baseline for the guard and where traffic goes back to.'),
      weights: z
        .record(recordKey('a model id', true), weightSchema, {
          error: (iss) => `must be an object of model id to weight, got ${show(iss.input)}`,
        })
        .describe(
          `Relative traffic shares by model id: each 0 (no traffic) or a number from ${WEIGHT_MIN} to ${WEIGHT_MAX}; only the ratios matter (a model's share is its weight over the sum).`,
        ),
      salt: z
        .string({ error: (iss) => `must be a string, got ${show(iss.input)}` })
        .describe('Hash salt for sticky assignment (default: the route name). Changing it re-randomizes every unit.')
        .optional(),
      overrides: z
        .record(recordKey(), modelId, {
          error: (iss) => `must be an object of unit id to model id, got ${show(iss.input)}`,
        })
        .describe('Units pinned to a model, whatever the weights (QA users, internal testers).')
        .optional(),
      shadow: z
        .array(shadowTargetSchema, {
          error: (iss) => `must be an array of { model, fraction }, got ${show(iss.input)}`,
        })
        .describe('Models that receive a copy of calls, never answering the caller.')
        .optional(),
      guard: guardSchema
        .describe(
          'Hard triggers of the local circuit breaker (default: none; without it the router keeps no guard state).',
        )
        .optional(),
      experiment: experimentSchema
        .describe(
          'Outcomes tracked per variant and analysed against the champion (default: none; see docs/experiments.md).',
        )
        .optional(),
      review: reviewSchema
        .describe('Soft triggers for human review: they raise signals and never move traffic (default: none).')
        .optional(),
      gate: gateSchema
        .describe('The promotion gate: manual (approvals) or auto (default: manual, 1 approval).')
        .optional(),
      rollbackTo: modelId
        .describe('Where traffic goes when the champion itself trips (the previous champion; blue in blue/green).')
        .optional(),
      version: z
        .string({ error: (iss) => `must be a string, got ${show(iss.input)}` })
        .describe('A label for this version of the route (default: a hash of its content).')
        .optional(),
      description: z.string().describe('Free text for people.').optional(),
      stages: stagesSchema.describe('A staged rollout that rolloutController advances (default: none).').optional(),
    },
    {
      error: (iss) =>
        iss.code !== 'invalid_type'
          ? undefined
          : `must be a route document like { "champion": ..., "weights": { ... } }, got ${show(iss.input)}`,
    },
  )
  .strict()
  .superRefine((route, ctx) => {
    checkStagesOfRoute(route, ctx);
    const weights: unknown[] = Object.values(route.weights);
    if (weights.some((w) => !weightSchema.safeParse(w).success)) return; // already reported per weight
    if (weights.length === 0)
      ctx.addIssue({ code: 'custom', path: ['weights'], message: 'must name at least one model' });
    else if (!weights.some((w) => (w as number) > 0))
      ctx.addIssue({
        code: 'custom',
        path: ['weights'],
        message: 'must give at least one model a weight above 0 (all weights are 0)',
      });
  });

export const rolloutDocumentSchema = z
  .object(
    {
      $schema: z.string().optional(),
      routes: z
        .record(recordKey('a route name'), routeDocumentSchema, {
          error: (iss) => `must be an object of route name to route document, got ${show(iss.input)}`,
        })
        .describe('One entry per route (a call site that picks among model versions).'),
    },
    {
      error: (iss) =>
        iss.code !== 'invalid_type'
          ? undefined
          : `the document must be a JSON object like { "routes": { ... } }, got ${show(iss.input)}`,
    },
  )
  .strict();

/**
 * The outer shape of a rollout document, routes left unchecked: what a router checks before it validates
 * its own route, so that a mistake in another route of a shared file does not block this one.
 */
export const rolloutEnvelopeSchema = z
  .object(
    {
      $schema: z.string().optional(),
      routes: z.record(recordKey('a route name'), z.unknown(), {
        error: (iss) => `must be an object of route name to route document, got ${show(iss.input)}`,
      }),
    },
    {
      error: (iss) =>
        iss.code !== 'invalid_type'
          ? undefined
          : `the document must be a JSON object like { "routes": { ... } }, got ${show(iss.input)}`,
    },
  )
  .strict();

// The published types are the plain interfaces of document.ts; these fail to compile when a schema and its
// interface disagree, in either direction.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Agree<T extends true> = T;
export type SchemasMatchInterfaces = [
  Agree<Same<RouteDocument, z.infer<typeof routeDocumentSchema>>>,
  Agree<Same<RolloutDocument, z.infer<typeof rolloutDocumentSchema>>>,
  Agree<Same<ShadowTarget, z.infer<typeof shadowTargetSchema>>>,
  Agree<Same<GuardConfig, z.infer<typeof guardSchema>>>,
  Agree<Same<ExperimentConfig, z.infer<typeof experimentSchema>>>,
  Agree<Same<ExperimentMetric, z.infer<typeof experimentMetricSchema>>>,
  Agree<Same<ReviewConfig, z.infer<typeof reviewSchema>>>,
  Agree<Same<GateConfig, z.infer<typeof gateSchema>>>,
  Agree<Same<StagesConfig, z.infer<typeof stagesSchema>>>,
];
