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
import { type experimentMetricShape, experimentShape } from './experiment-schema.js';
import { checkStagesOfRoute, stagesShape } from './stages-schema.js';
import { modelIdShape, recordKey } from './ids.js';
import { WEIGHT_MAX, WEIGHT_MIN, weightShape } from './weight-range.js';
import { reviewShape } from './review-schema.js';
import { gateShape } from './gate-schema.js';
import { checkShape, type ShapeIssue } from './shape/check-shape.js';
import { showValue } from './shape/show-value.js';
import { fraction, must, number, positive, positiveInt } from './shape/common-shapes.js';
import { describe, type Message, optional, type ObjectShape } from './shape/shape.js';

export type { GuardConfig, RolloutDocument, RouteDocument, ShadowTarget } from './document.js';

// One source of truth: the validator and the published JSON Schema (schema/rollout.schema.json, written
// at build time by rolloutJsonSchema) both come from these shapes; the TypeScript interfaces of
// document.ts are checked against them below.

const modelId = (description: string) => describe(modelIdShape, description);
const text = (description: string, message?: Message) =>
  describe({ kind: 'string', ...(message === undefined ? {} : { message }) }, description);

export const shadowTargetShape = {
  kind: 'object',
  keys: {
    model: modelId(
      'The shadow model: it sees the input of the call (the same object, not a copy: a model must not change its input); its output never reaches the caller.',
    ),
    fraction: fraction('Share of calls (or units, with sampling "unit") mirrored to this model, from 0 to 1.'),
    sampling: optional(
      { kind: 'enum', values: ['call', 'unit'], message: must('"call" or "unit"') },
      '"call" (default): each call is sampled on its own; "unit": a unit is mirrored whole or not at all.',
    ),
  },
} satisfies ObjectShape;

export const guardShape = {
  kind: 'object',
  keys: {
    errorRateRatio: optional(
      positive(
        "Trip when a variant's error rate (errors and timeouts) in the window is at least this many times its baseline: the champion's rate in the same window, or for the champion itself rollbackTo's (default 5).",
      ),
    ),
    minErrorRate: optional(
      fraction(
        "Floor of the baseline error rate, for the champion's rate and baselineErrorRate alike, so that a champion with no (or very few) errors does not make one candidate error a trip (default 0.01).",
      ),
    ),
    baselineErrorRate: optional(
      fraction(
        'Baseline error rate used when the champion has fewer than minCalls calls in the window, as in blue/green after the switch; never below minErrorRate: the baseline is max(baselineErrorRate, minErrorRate) (default: minErrorRate).',
      ),
    ),
    p99LatencyMs: optional(
      positive(
        "Trip when a variant's p99 latency in the window exceeds this SLA, in milliseconds: more than 1% of its calls are slower (default: no latency trigger).",
      ),
    ),
    invalidRate: optional(
      fraction(
        "Trip when the share of invalid predictions (null, undefined, NaN, or not isValid) among a variant's calls in the window exceeds this (default: no invalid-rate trigger).",
      ),
    ),
    windowMs: optional(positive('Length of the sliding window in milliseconds (default 60000).')),
    minCalls: optional(
      number(
        must('a non-negative integer'),
        [{ kind: 'min', value: 0 }, { kind: 'int' }],
        'No trigger fires before this many calls of the variant in the window (default 50).',
      ),
    ),
    failover: optional({
      kind: 'boolean',
      message: must('true or false'),
      description:
        "Answer a candidate's error or timeout with the champion (the champion's with rollbackTo) in the same call (default false).",
    }),
    timeoutMs: optional(
      positive(
        "A candidate call (the champion's too when rollbackTo is set) slower than this is a timeout: it fails over when failover is on, else the caller gets a model_timeout error (default: no timeout).",
      ),
    ),
    recovery: optional({
      kind: 'enum',
      values: ['manual', 'half-open'],
      message: must('"manual" or "half-open"'),
      description:
        'How a tripped variant comes back: "manual" (router.reset) or "half-open" probes after cooldownMs (default "manual"). A new document version keeps a trip unless it changes the champion or the guard config, or drops the variant.',
    }),
    cooldownMs: optional(
      positive(
        'Time a tripped variant stays out before half-open probes, in milliseconds; also how long a probe round may go without any probe admitted or settled (a hung probe) before a fresh round starts (default 30000).',
      ),
    ),
    probeCalls: optional(
      positiveInt(
        'Probe calls of one round that must all pass in half-open before the variant is restored; at most this many are admitted per round, the rest go to the champion. Calls started before the trip are never probes (default 10).',
      ),
    ),
  },
} satisfies ObjectShape;

export const routeDocumentShape = {
  kind: 'object',
  keys: {
    champion: modelId('The known-good model: baseline for the guard and where traffic goes back to.'),
    weights: {
      kind: 'record',
      key: recordKey('a model id', true),
      value: weightShape,
      message: must('an object of model id to weight'),
      description: `Relative traffic shares by model id: each 0 (no traffic) or a number from ${WEIGHT_MIN} to ${WEIGHT_MAX}; only the ratios matter (a model's share is its weight over the sum).`,
    },
    salt: optional(
      text(
        'Hash salt for sticky assignment (default: the route name). Changing it re-randomizes every unit.',
        must('a string'),
      ),
    ),
    overrides: optional({
      kind: 'record',
      key: recordKey(),
      value: modelIdShape,
      message: must('an object of unit id to model id'),
      description: 'Units pinned to a model, whatever the weights (QA users, internal testers).',
    }),
    shadow: optional({
      kind: 'array',
      item: shadowTargetShape,
      message: must('an array of { model, fraction }'),
      description: 'Models that receive a copy of calls, never answering the caller.',
    }),
    guard: optional(
      describe(
        guardShape,
        'Hard triggers of the local circuit breaker (default: none; without it the router keeps no guard state).',
      ),
    ),
    experiment: optional(
      describe(
        experimentShape,
        'Outcomes tracked per variant and analysed against the champion (default: none; see docs/experiments.md).',
      ),
    ),
    review: optional(
      describe(
        reviewShape,
        'Soft triggers for human review: they raise signals and never move traffic (default: none).',
      ),
    ),
    gate: optional(
      describe(gateShape, 'The promotion gate: manual (approvals) or auto (default: manual, 1 approval).'),
    ),
    rollbackTo: optional(
      modelId('Where traffic goes when the champion itself trips (the previous champion; blue in blue/green).'),
    ),
    version: optional(
      text('A label for this version of the route (default: a hash of its content).', must('a string')),
    ),
    description: optional(text('Free text for people.')),
    stages: optional(describe(stagesShape, 'A staged rollout that rolloutController advances (default: none).')),
  },
  message: must('a route document like { "champion": ..., "weights": { ... } }'),
  refine: (route: RouteDocument, add) => {
    checkStagesOfRoute(route, add);
    const weights: unknown[] = Object.values(route.weights);
    if (weights.some((w) => !isWeight(w))) return; // already reported per weight
    if (weights.length === 0) add(['weights'], 'must name at least one model');
    else if (!weights.some((w) => (w as number) > 0))
      add(['weights'], 'must give at least one model a weight above 0 (all weights are 0)');
  },
} satisfies ObjectShape;

const isWeight = (w: unknown): boolean => {
  const issues: ShapeIssue[] = [];
  checkShape(weightShape, w, [], issues);
  return issues.length === 0;
};

const documentMessage: Message = (input) =>
  `the document must be a JSON object like { "routes": { ... } }, got ${showValue(input)}`;
const routesMessage: Message = must('an object of route name to route document');

export const rolloutDocumentShape = {
  kind: 'object',
  keys: {
    $schema: optional({ kind: 'string' }),
    routes: {
      kind: 'record',
      key: recordKey('a route name'),
      value: routeDocumentShape,
      message: routesMessage,
      description: 'One entry per route (a call site that picks among model versions).',
    },
  },
  message: documentMessage,
} satisfies ObjectShape;

/**
 * The outer shape of a rollout document, routes left unchecked: what a router checks before it validates
 * its own route, so that a mistake in another route of a shared file does not block this one.
 */
export const rolloutEnvelopeShape = {
  kind: 'object',
  keys: {
    $schema: optional({ kind: 'string' }),
    routes: { kind: 'record', key: recordKey('a route name'), value: { kind: 'unknown' }, message: routesMessage },
  },
  message: documentMessage,
} satisfies ObjectShape;

// The published types are the plain interfaces of document.ts; these fail to compile when a shape and its
// interface disagree on the keys, or on which of them are required.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Agree<T extends true> = T;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type RequiredOf<S extends { keys: object }> = {
  [K in keyof S['keys']]: S['keys'][K] extends { kind: 'optional' } ? never : K;
}[keyof S['keys']];
type Matches<S extends { keys: object }, T> =
  Same<keyof S['keys'], keyof T> extends true ? Same<RequiredOf<S>, RequiredKeys<T>> : false;
export type ShapesMatchInterfaces = [
  Agree<Matches<typeof routeDocumentShape, RouteDocument>>,
  Agree<Matches<typeof rolloutDocumentShape, RolloutDocument>>,
  Agree<Matches<typeof shadowTargetShape, ShadowTarget>>,
  Agree<Matches<typeof guardShape, GuardConfig>>,
  Agree<Matches<typeof experimentShape, ExperimentConfig>>,
  Agree<Matches<typeof experimentMetricShape, ExperimentMetric>>,
  Agree<Matches<typeof reviewShape, ReviewConfig>>,
  Agree<Matches<typeof gateShape, GateConfig>>,
  Agree<Matches<typeof stagesShape, StagesConfig>>,
];
