// The rollout document's types, as plain interfaces: what the published .d.ts shows (no validator
// types). rollout/schema.ts validates the same shape and fails to compile if the two drift apart.
// `M` is the union of model ids where it is known (`canary<M>(...)`, `createRouter`); `string` otherwise.

/** A shadow target of a route: a model that gets a copy of calls and never answers the caller. */
export interface ShadowTarget<M extends string = string> {
  /** The shadow model: it sees the input of the call (the same object, not a copy: a model must not change its input); its output never reaches the caller. */
  model: M;
  /** Share of calls (or units, with sampling "unit") mirrored to this model, from 0 to 1. */
  fraction: number;
  /** `call` (default): each call is sampled on its own; `unit`: a unit is mirrored whole or not at all. */
  sampling?: 'call' | 'unit';
}

/** The guard's hard triggers for a route (docs/guard.md has every default). */
export interface GuardConfig {
  /** Trip when a variant's error rate is at least this many times its baseline's. Default 5. */
  errorRateRatio?: number;
  /** Floor of the baseline error rate. Default 0.01. */
  minErrorRate?: number;
  /** Baseline error rate while the champion has fewer than `minCalls` calls in the window. Default: `minErrorRate`. */
  baselineErrorRate?: number;
  /** Trip when a variant's p99 latency in the window exceeds this, ms. Default: no latency trigger. */
  p99LatencyMs?: number;
  /** Trip when the share of invalid predictions in the window exceeds this. Default: no invalid-rate trigger. */
  invalidRate?: number;
  /** Length of the sliding window, ms. Default 60000. */
  windowMs?: number;
  /** No trigger fires before this many calls of the variant in the window. Default 50. */
  minCalls?: number;
  /** Answer a candidate's error or timeout with the champion in the same call. Default false. */
  failover?: boolean;
  /** A guarded call slower than this, ms, is a timeout. Default: no timeout. */
  timeoutMs?: number;
  /** How a tripped variant comes back: `manual` (`router.reset`) or `half-open` probes. Default `manual`. */
  recovery?: 'manual' | 'half-open';
  /** Time a tripped variant stays out before half-open probes, ms. Default 30000. */
  cooldownMs?: number;
  /** Probe calls of one round that must all pass before the variant is restored. Default 10. */
  probeCalls?: number;
}

/** One metric of an experiment (docs/experiments.md). */
export interface ExperimentMetric {
  /** The metric's name, as `router.track(name, ...)` gives it. */
  name: string;
  /** `proportion` (values 0 or 1) or `mean` (any finite number). */
  kind: 'proportion' | 'mean';
  /** Which way is good for this metric. */
  direction: 'increase' | 'decrease';
  /** Minimum detectable effect, relative to the champion's mean (0.05 is 5%). */
  mde: number;
  /** `primary` (decides) or `guardrail` (must not regress). */
  role: 'primary' | 'guardrail';
  /** An outcome counts only within this many ms of the unit's latest exposure. Default: the router's, 86400000. */
  attributionWindowMs?: number;
}

/** A route's experiment: metrics, alpha and power. */
export interface ExperimentConfig {
  /** The metrics `router.track()` accepts; at least one, names unique. */
  metrics: ExperimentMetric[];
  /** Significance level of the tests and the always-valid p-values. Default 0.05. */
  alpha?: number;
  /** Power for the required sample per variant. Default 0.8. */
  power?: number;
}

/** The `review` section of a route document: soft triggers that raise signals and never move traffic. */
export interface ReviewConfig {
  /** Compare each candidate's output distribution with the champion's. */
  predictionShift?: {
    /** Raise a review when a candidate's PSI against the champion reaches this. Default 0.1. */
    psi?: number;
    /** Predictions that fix the reference bins, and of each candidate before it is judged. Default 1000. */
    minPredictions?: number;
    /** Bin edges for numeric outputs, ascending. Default: the champion's deciles. */
    bins?: number[];
    /** For label outputs: the champion's most frequent labels that get a bin each. Default 10. */
    topLabels?: number;
  };
  /** Raise a review when an experiment metric regresses beyond its MDE. Default true with an experiment. */
  metricRegression?: boolean;
  /** Compare each candidate's feature attributions with the champion's (needs the explain hook). */
  attributionShift?: {
    /** Raise a review when the Spearman rank correlation falls below this. Default 0.8. */
    minRankCorrelation?: number;
    /** Share of calls whose attributions are computed. Default 0.01. */
    fraction?: number;
    /** Explained calls of the champion and of a candidate before it is judged. Default 200. */
    minExplained?: number;
  };
}

/** A route's promotion gate (champion-challenger): who may make a challenger the champion. */
export interface GateConfig {
  /** `manual` (`modelroute promote --approve`) or `auto` (the controller promotes). Default `manual`. */
  mode?: 'manual' | 'auto';
  /** Days the challenger must have beaten the champion before an auto promotion. */
  minDays?: number;
  /** Approvals by different actors a manual promotion needs. Default 1. */
  approvals?: number;
  /** The rolling window the gate compares over. Default: 7 buckets of 86400000 ms (a day). */
  window?: {
    /** Time buckets in the window. Default 7. */
    buckets?: number;
    /** Length of one bucket in ms on the router clock. Default 86400000. */
    bucketMs?: number;
  };
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

/** Weights by model id: with known model ids, any subset of them (a shadow-only model takes no weight). */
export type Weights<M extends string = string> = string extends M ? Record<string, number> : { [K in M]?: number };

/** The document for one route: weights, champion, overrides, shadows and guard. */
export interface RouteDocument<M extends string = string> {
  /** The known-good model: baseline for the guard and where traffic goes back to. */
  champion: M;
  /** Relative traffic shares by model id: non-negative numbers, normalized; a zero weight takes no traffic. */
  weights: Weights<M>;
  /** Hash salt for sticky assignment. Default: the route name. Changing it re-randomizes every unit. */
  salt?: string;
  /** Units pinned to a model, whatever the weights (QA users, internal testers). */
  overrides?: Record<string, M>;
  /** Models that receive a copy of calls, never answering the caller. */
  shadow?: ShadowTarget<M>[];
  /** Hard triggers of the local circuit breaker. Default: none. */
  guard?: GuardConfig;
  /** Where traffic goes when the champion itself trips. */
  rollbackTo?: M;
  /** A label for this version of the route. Default: a hash of its content. */
  version?: string;
  /** Free text for people. */
  description?: string;
  /** Outcomes tracked per variant and analysed against the champion. Default: none (docs/experiments.md). */
  experiment?: ExperimentConfig;
  /** Soft triggers for human review: they raise signals and never move traffic. Default: none. */
  review?: ReviewConfig;
  /** The promotion gate. Default: manual, 1 approval. */
  gate?: GateConfig;
  /** A staged rollout that rolloutController advances. Default: none. */
  stages?: StagesConfig;
}

/** A rollout document: one file may hold many routes. */
export interface RolloutDocument<M extends string = string> {
  /** The JSON Schema an editor checks the file with. */
  $schema?: string;
  /** One entry per route (a call site that picks among model versions). */
  routes: Record<string, RouteDocument<M>>;
}
