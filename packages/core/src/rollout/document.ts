// The rollout document's types as plain interfaces, so that the published .d.ts names no validator
// library (zod is bundled into dist, not a dependency). schema.ts checks at compile time that these stay
// exactly what the validator produces: a field added to a schema must be added here too.

/** A shadow target of a route. */
export interface ShadowTarget {
  /** The shadow model: it sees a copy of the input; its output never reaches the caller. */
  model: string;
  /** Share of calls (or units, with sampling "unit") mirrored to this model, from 0 to 1. */
  fraction: number;
  /** `"call"` (default): each call is sampled on its own; `"unit"`: a unit is mirrored whole or not at all. */
  sampling?: 'call' | 'unit';
}

/** The guard's hard triggers for a route (the JSON Schema's descriptions say more). */
export interface GuardConfig {
  /** Trip when a variant's error rate in the window is at least this many times its baseline (default 5). */
  errorRateRatio?: number;
  /** Floor of the baseline error rate (default 0.01). */
  minErrorRate?: number;
  /** Baseline error rate while the champion has fewer than `minCalls` calls in the window (default: `minErrorRate`). */
  baselineErrorRate?: number;
  /** Trip when a variant's p99 latency in the window exceeds this, in milliseconds (default: no latency trigger). */
  p99LatencyMs?: number;
  /** Trip when the share of invalid predictions in the window exceeds this (default: no invalid-rate trigger). */
  invalidRate?: number;
  /** Length of the sliding window in milliseconds (default 60000). */
  windowMs?: number;
  /** No trigger fires before this many calls of the variant in the window (default 50). */
  minCalls?: number;
  /** Answer a candidate's error or timeout with the champion in the same call (default false). */
  failover?: boolean;
  /** A candidate call slower than this, in milliseconds, is a timeout (default: no timeout). */
  timeoutMs?: number;
  /** How a tripped variant comes back: `"manual"` (`router.reset`) or `"half-open"` probes (default `"manual"`). */
  recovery?: 'manual' | 'half-open';
  /** Time a tripped variant stays out before half-open probes, in milliseconds (default 30000). */
  cooldownMs?: number;
  /** Probe calls of one round that must all pass in half-open before the variant is restored (default 10). */
  probeCalls?: number;
}

/** One metric of an experiment (docs/experiments.md). */
export interface ExperimentMetric {
  /** The name `router.track(name, value, ...)` uses. */
  name: string;
  /** `"proportion"` (values 0 or 1) or `"mean"`. */
  kind: 'proportion' | 'mean';
  /** Which way is good for this metric. */
  direction: 'increase' | 'decrease';
  /** Minimum detectable effect, relative to the champion's mean (0.05 is 5%). */
  mde: number;
  /** `"primary"` decides the experiment; a `"guardrail"` may only stop it. */
  role: 'primary' | 'guardrail';
  /** An outcome counts only within this many ms of the unit's latest exposure (default: the router's, 86400000). */
  attributionWindowMs?: number;
}

/** A route's experiment: metrics, alpha and power. */
export interface ExperimentConfig {
  /** The outcomes the experiment measures (at least one). */
  metrics: ExperimentMetric[];
  /** Significance level of the tests and the always-valid p-values (default 0.05). */
  alpha?: number;
  /** Power for the required sample per variant (default 0.8). */
  power?: number;
}

/** Review: compare each candidate's output distribution with the champion's. */
export interface PredictionShiftConfig {
  /** Raise a review when a candidate's population stability index reaches this (default 0.1). */
  psi?: number;
  /** Outputs of each side before the index is computed (the JSON Schema says the default). */
  minPredictions?: number;
  /** Bin edges for numeric outputs, ascending (default: the deciles of the champion's first outputs). */
  bins?: number[];
  /** For label outputs: the champion's most frequent labels that get a bin each (default 10). */
  topLabels?: number;
}

/** Review: compare each candidate's feature attributions with the champion's. */
export interface AttributionShiftConfig {
  /** Raise a review when the rank correlation of mean absolute attributions falls below this (default 0.8). */
  minRankCorrelation?: number;
  /** Share of calls whose attributions are computed with the explain hook (default 0.01). */
  fraction?: number;
  /** Explained calls of each side before the correlation is computed (the JSON Schema says the default). */
  minExplained?: number;
}

/** The `review` section of a route document: soft triggers that raise a signal, never move traffic. */
export interface ReviewConfig {
  /** Compare each candidate's output distribution with the champion's (default: off). */
  predictionShift?: PredictionShiftConfig;
  /** Raise a review when an experiment metric regresses beyond its MDE (default true with an experiment). */
  metricRegression?: boolean;
  /** Compare each candidate's feature attributions with the champion's (default: off). */
  attributionShift?: AttributionShiftConfig;
}

/** A route's promotion gate (champion-challenger). */
export interface GateConfig {
  /** `"manual"` (default): a person approves the promotion; `"auto"`: the controller promotes by itself. */
  mode?: 'manual' | 'auto';
  /** Days the challenger must have beaten the champion before the route is ready (default 0). */
  minDays?: number;
  /** Different people who must approve a manual promotion (default 1). */
  approvals?: number;
}

/** One step of a staged rollout. */
export interface StageStep {
  /** The candidate's share of traffic in this step, in percent (the other models share the rest). */
  weight: number;
  /** The step lasts at least this long, whatever the figures say (default 0). */
  minDurationMs?: number;
  /** Past this, a step still without its sample holds and says so; lack of data never rolls back (default: no limit). */
  maxDurationMs?: number;
}

/** A staged rollout that `rolloutController` advances, holds or rolls back (docs/staged-rollouts.md). */
export interface StagesConfig {
  /** The model rolled out: one of the route's weights, not its champion. */
  candidate: string;
  /** The candidate's weight per step, ascending; the step in force is the candidate's weight in the document. */
  steps: StageStep[];
  /** After the last step: `"promote"` (default) makes the candidate the champion; `"stay"` keeps the weights. */
  onComplete?: 'promote' | 'stay';
}

/** The document for one route: weights, champion, overrides, shadows and guard. */
export interface RouteDocument {
  /** The known-good model: baseline for the guard and where traffic goes back to. */
  champion: string;
  /** Relative traffic shares by model id: non-negative numbers, normalized; a zero weight takes no traffic. */
  weights: Record<string, number>;
  /** Hash salt for sticky assignment (default: the route name). Changing it re-randomizes every unit. */
  salt?: string;
  /** Units pinned to a model, whatever the weights (QA users, internal testers). */
  overrides?: Record<string, string>;
  /** Models that receive a copy of calls, never answering the caller (default: none). */
  shadow?: ShadowTarget[];
  /** Hard triggers of the local circuit breaker (default: none; without it the router keeps no guard state). */
  guard?: GuardConfig;
  /** Outcomes tracked per variant and analysed against the champion (default: none; see docs/experiments.md). */
  experiment?: ExperimentConfig;
  /** Soft triggers for human review: they raise signals and never move traffic (default: none). */
  review?: ReviewConfig;
  /** The promotion gate: manual (approvals) or auto (default: manual, 1 approval). */
  gate?: GateConfig;
  /** A staged rollout that rolloutController advances (default: none). */
  stages?: StagesConfig;
  /** Where traffic goes when the champion itself trips (the previous champion; blue in blue/green). */
  rollbackTo?: string;
  /** A label for this version of the route (default: a hash of its content). */
  version?: string;
  /** Free text for people. */
  description?: string;
}

/** A rollout document: one file may hold many routes. */
export interface RolloutDocument {
  /** A JSON Schema reference for editors; ignored by modelroute. */
  $schema?: string;
  /** One entry per route (a call site that picks among model versions). */
  routes: Record<string, RouteDocument>;
}
