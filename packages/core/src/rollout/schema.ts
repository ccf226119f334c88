import * as z from 'zod/mini';
import { builtOnce } from './built-once.js';
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
    .check(z.minimum(0, { error: (iss) => `must be ${what}, got ${show(iss.input)}` }));

const fraction = (description: string) =>
  z
    .number({ error: (iss) => `must be a number between 0 and 1, got ${show(iss.input)}` })
    .check(
      z.minimum(0, { error: (iss) => `must be a number between 0 and 1, got ${show(iss.input)}` }),
      z.maximum(1, { error: (iss) => `must be a number between 0 and 1, got ${show(iss.input)}` }),
      z.describe(description),
    );

const positive = (description: string) =>
  z
    .number({ error: (iss) => `must be a positive number, got ${show(iss.input)}` })
    .check(z.gt(0, { error: (iss) => `must be a positive number, got ${show(iss.input)}` }), z.describe(description));

const describe = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description));
const modelId = (description: string) => describe(modelIdSchema(), description);

export const shadowTargetSchema = builtOnce(() =>
  z.strictObject({
    model: modelId('The shadow model: it sees a copy of the input; its output never reaches the caller.'),
    fraction: fraction('Share of calls (or units, with sampling "unit") mirrored to this model, from 0 to 1.'),
    sampling: describe(
      z.optional(z.enum(['call', 'unit'], { error: (iss) => `must be "call" or "unit", got ${show(iss.input)}` })),
      '"call" (default): each call is sampled on its own; "unit": a unit is mirrored whole or not at all.',
    ),
  }),
);

export const guardSchema = builtOnce(() =>
  z.strictObject({
    errorRateRatio: z.optional(
      positive(
        "Trip when a variant's error rate (errors and timeouts) in the window is at least this many times its baseline: the champion's rate in the same window, or for the champion itself rollbackTo's (default 5).",
      ),
    ),
    minErrorRate: z.optional(
      fraction(
        "Floor of the baseline error rate, for the champion's rate and baselineErrorRate alike, so that a champion with no (or very few) errors does not make one candidate error a trip (default 0.01).",
      ),
    ),
    baselineErrorRate: z.optional(
      fraction(
        'Baseline error rate used when the champion has fewer than minCalls calls in the window, as in blue/green after the switch; never below minErrorRate: the baseline is max(baselineErrorRate, minErrorRate) (default: minErrorRate).',
      ),
    ),
    p99LatencyMs: z.optional(
      positive(
        "Trip when a variant's p99 latency in the window exceeds this SLA, in milliseconds: more than 1% of its calls are slower (default: no latency trigger).",
      ),
    ),
    invalidRate: z.optional(
      fraction(
        "Trip when the share of invalid predictions (null, undefined, NaN, or not isValid) among a variant's calls in the window exceeds this (default: no invalid-rate trigger).",
      ),
    ),
    windowMs: z.optional(positive('Length of the sliding window in milliseconds (default 60000).')),
    minCalls: z.optional(
      nonNegative('a non-negative integer').check(
        z.int({ error: (iss) => `must be a non-negative integer, got ${show(iss.input)}` }),
        z.describe('No trigger fires before this many calls of the variant in the window (default 50).'),
      ),
    ),
    failover: z.optional(
      describe(
        z.boolean({ error: (iss) => `must be true or false, got ${show(iss.input)}` }),
        "Answer a candidate's error or timeout with the champion (the champion's with rollbackTo) in the same call (default false).",
      ),
    ),
    timeoutMs: z.optional(
      positive(
        "A candidate call (the champion's too when rollbackTo is set) slower than this is a timeout: it fails over when failover is on, else the caller gets a model_timeout error (default: no timeout).",
      ),
    ),
    recovery: z.optional(
      describe(
        z.enum(['manual', 'half-open'], { error: (iss) => `must be "manual" or "half-open", got ${show(iss.input)}` }),
        'How a tripped variant comes back: "manual" (router.reset) or "half-open" probes after cooldownMs (default "manual"). A new document version keeps a trip unless it changes the champion or the guard config, or drops the variant.',
      ),
    ),
    cooldownMs: z.optional(
      positive(
        'Time a tripped variant stays out before half-open probes, in milliseconds; also how long a probe round may go without any probe admitted or settled (a hung probe) before a fresh round starts (default 30000).',
      ),
    ),
    probeCalls: z.optional(
      positive(
        'Probe calls of one round that must all pass in half-open before the variant is restored; at most this many are admitted per round, the rest go to the champion. Calls started before the trip are never probes (default 10).',
      ).check(z.int({ error: (iss) => `must be a positive integer, got ${show(iss.input)}` })),
    ),
  }),
);

export const routeDocumentSchema = builtOnce(() =>
  z
    .strictObject(
      {
        champion: modelId('The known-good model: baseline for the guard and where traffic goes back to.'),
        weights: describe(
          z.record(recordKey('a model id', true), weightSchema(), {
            error: (iss) => `must be an object of model id to weight, got ${show(iss.input)}`,
          }),
          `Relative traffic shares by model id: each 0 (no traffic) or a number from ${WEIGHT_MIN} to ${WEIGHT_MAX}; only the ratios matter (a model's share is its weight over the sum).`,
        ),
        salt: z.optional(
          describe(
            z.string({ error: (iss) => `must be a string, got ${show(iss.input)}` }),
            'Hash salt for sticky assignment (default: the route name). Changing it re-randomizes every unit.',
          ),
        ),
        overrides: z.optional(
          describe(
            z.record(recordKey(), modelIdSchema(), {
              error: (iss) => `must be an object of unit id to model id, got ${show(iss.input)}`,
            }),
            'Units pinned to a model, whatever the weights (QA users, internal testers).',
          ),
        ),
        shadow: z.optional(
          describe(
            z.array(shadowTargetSchema(), {
              error: (iss) => `must be an array of { model, fraction }, got ${show(iss.input)}`,
            }),
            'Models that receive a copy of calls, never answering the caller.',
          ),
        ),
        guard: z.optional(
          describe(
            guardSchema(),
            'Hard triggers of the local circuit breaker (default: none; without it the router keeps no guard state).',
          ),
        ),
        experiment: z.optional(
          describe(
            experimentSchema(),
            'Outcomes tracked per variant and analysed against the champion (default: none; see docs/experiments.md).',
          ),
        ),
        review: z.optional(
          describe(
            reviewSchema(),
            'Soft triggers for human review: they raise signals and never move traffic (default: none).',
          ),
        ),
        gate: z.optional(
          describe(gateSchema(), 'The promotion gate: manual (approvals) or auto (default: manual, 1 approval).'),
        ),
        rollbackTo: z.optional(
          modelId('Where traffic goes when the champion itself trips (the previous champion; blue in blue/green).'),
        ),
        version: z.optional(
          describe(
            z.string({ error: (iss) => `must be a string, got ${show(iss.input)}` }),
            'A label for this version of the route (default: a hash of its content).',
          ),
        ),
        description: z.optional(describe(z.string(), 'Free text for people.')),
        stages: z.optional(
          describe(stagesSchema(), 'A staged rollout that rolloutController advances (default: none).'),
        ),
      },
      {
        error: (iss) =>
          iss.code !== 'invalid_type'
            ? undefined
            : `must be a route document like { "champion": ..., "weights": { ... } }, got ${show(iss.input)}`,
      },
    )
    .check(
      z.superRefine((route, ctx) => {
        checkStagesOfRoute(route, ctx);
        const weights: unknown[] = Object.values(route.weights);
        if (weights.some((w) => !weightSchema().safeParse(w).success)) return; // already reported per weight
        if (weights.length === 0)
          ctx.addIssue({ code: 'custom', path: ['weights'], message: 'must name at least one model' });
        else if (!weights.some((w) => (w as number) > 0))
          ctx.addIssue({
            code: 'custom',
            path: ['weights'],
            message: 'must give at least one model a weight above 0 (all weights are 0)',
          });
      }),
    ),
);

const documentError = (iss: { code: string; input?: unknown }) =>
  iss.code !== 'invalid_type'
    ? undefined
    : `the document must be a JSON object like { "routes": { ... } }, got ${show(iss.input)}`;
const routesError = (iss: { input?: unknown }) =>
  `must be an object of route name to route document, got ${show(iss.input)}`;

export const rolloutDocumentSchema = builtOnce(() =>
  z.strictObject(
    {
      $schema: z.optional(z.string()),
      routes: describe(
        z.record(recordKey('a route name'), routeDocumentSchema(), { error: routesError }),
        'One entry per route (a call site that picks among model versions).',
      ),
    },
    { error: documentError },
  ),
);

/**
 * The outer shape of a rollout document, routes left unchecked: what a router checks before it validates
 * its own route, so that a mistake in another route of a shared file does not block this one.
 */
export const rolloutEnvelopeSchema = builtOnce(() =>
  z.strictObject(
    {
      $schema: z.optional(z.string()),
      routes: z.record(recordKey('a route name'), z.unknown(), { error: routesError }),
    },
    { error: documentError },
  ),
);

// The published types are the plain interfaces of document.ts; these fail to compile when a schema and its
// interface disagree, in either direction.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Agree<T extends true> = T;
export type SchemasMatchInterfaces = [
  Agree<Same<RouteDocument, z.output<ReturnType<typeof routeDocumentSchema>>>>,
  Agree<Same<RolloutDocument, z.output<ReturnType<typeof rolloutDocumentSchema>>>>,
  Agree<Same<ShadowTarget, z.output<ReturnType<typeof shadowTargetSchema>>>>,
  Agree<Same<GuardConfig, z.output<ReturnType<typeof guardSchema>>>>,
  Agree<Same<ExperimentConfig, z.output<ReturnType<typeof experimentSchema>>>>,
  Agree<Same<ExperimentMetric, z.output<ReturnType<typeof experimentMetricSchema>>>>,
  Agree<Same<ReviewConfig, z.output<ReturnType<typeof reviewSchema>>>>,
  Agree<Same<GateConfig, z.output<ReturnType<typeof gateSchema>>>>,
  Agree<Same<StagesConfig, z.output<ReturnType<typeof stagesSchema>>>>,
];
