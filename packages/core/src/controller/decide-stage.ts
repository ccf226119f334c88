import type { Analysis, Comparison, MetricAnalysis, SrmFigures, Verdict } from '../experiment/analysis.js';
import type { GuardVariantStatus } from '../guard/guard-events.js';
import type { ReviewSignal } from '../vocabulary/review-signal.js';
import type { RouteDocument } from '../rollout/schema.js';
import { candidateShare, currentStepIndex } from '../rollout/stage-weights.js';

/** What the controller does about a staged rollout at one tick. */
export type StageAction = 'advance' | 'hold' | 'rollback' | 'complete' | 'wait';

/**
 * The same decision in Argo Rollouts' analysis vocabulary: `successful` (advance, complete), `failed`
 * (rollback), `inconclusive` (hold), `running` (wait).
 */
export type StageOutcome = 'successful' | 'failed' | 'inconclusive' | 'running';

/** Why, as a stable code (the `reason` says it in words). */
export type StageReasonCode =
  /** The guard took the candidate out of traffic (a hard trigger). */
  | 'guard_trip'
  /** A primary or guardrail metric is significantly worse for the candidate. */
  | 'metric_worse'
  /** The exposures do not match the weights: no verdict can be trusted. */
  | 'srm_mismatch'
  /** A review signal (soft trigger) is pending for the candidate: a person looks first; never a rollback. */
  | 'review_pending'
  /** The step's minimum duration has not passed. */
  | 'min_duration'
  /** A metric has not reached its required sample (or has no figures yet). */
  | 'collecting'
  /** The step's maximum duration passed without the sample. */
  | 'max_duration'
  /** Every metric reached its required sample, none worse. */
  | 'sample_reached'
  /** The candidate has all traffic (no control to compare with) and the step's minimum duration passed. */
  | 'full_traffic'
  /** The analysis has no metrics: nothing can pass the candidate. */
  | 'no_metrics'
  /** The analysis belongs to another document version than the one in force. */
  | 'stale_analysis'
  /** The candidate's share is not one of the steps (a manual edit). */
  | 'off_step'
  /** The candidate takes no traffic: rolled back, or not started. */
  | 'not_running'
  /** The route has no `stages` (or no document). */
  | 'no_stages';

/** The step in force. */
export interface StepInfo {
  /** 0-based index in `stages.steps`. */
  readonly index: number;
  readonly count: number;
  /** The step's weight (the candidate's percentage). */
  readonly weight: number;
  /** The next step's weight, undefined at the last. */
  readonly nextWeight: number | undefined;
}

/** One metric's figures behind a decision. */
export interface MetricEvidence {
  readonly name: string;
  readonly role: MetricAnalysis['role'];
  /** The candidate's verdict; `collecting` when the analysis has no comparison for it yet. */
  readonly verdict: Verdict;
  /** Values of the champion and of the candidate so far. */
  readonly n: readonly [number, number];
  readonly requiredSamplePerVariant: number | undefined;
  readonly difference: number | undefined;
  readonly ci: readonly [number, number] | undefined;
  readonly relativeLift: number | null | undefined;
  readonly alwaysValidPValue: number | undefined;
}

/** The facts behind a decision, recorded with it (event, audit entry). */
export interface StageEvidence {
  readonly candidate: string | undefined;
  readonly champion: string | undefined;
  /** The document version in force. */
  readonly version: string | undefined;
  /** The candidate's share in force, percent. */
  readonly share: number;
  readonly stepStartedAt: number;
  readonly elapsedMs: number;
  readonly srm: SrmFigures | undefined;
  readonly metrics: readonly MetricEvidence[];
  /** The candidate's guard state, when tripped. */
  readonly trip: { readonly state: string; readonly trigger: string | undefined } | undefined;
  /** Review signals pending for the candidate under this version (docs/review.md). */
  readonly reviews: readonly ReviewSignal[];
}

/** A decision of {@link decideStage}. */
export interface StageDecision {
  readonly action: StageAction;
  readonly outcome: StageOutcome;
  readonly code: StageReasonCode;
  /** One line for people. */
  readonly reason: string;
  /** The step in force; undefined when the candidate is not on a step. */
  readonly step: StepInfo | undefined;
  readonly evidence: StageEvidence;
}

/** The guard facts the decision reads (a router's `guardStatus()`, or trips counted by Prometheus). */
export type GuardFacts = readonly Pick<GuardVariantStatus, 'variant' | 'state' | 'trigger'>[];

/** Everything {@link decideStage} looks at. */
export interface StageInput {
  /** The route document in force; undefined when none is known. */
  readonly document: RouteDocument | undefined;
  /** Its version (the router's `configVersion`). */
  readonly version: string | undefined;
  /** The analysis for that version; undefined when there is none yet. */
  readonly analysis: Analysis | undefined;
  readonly guard: GuardFacts;
  /** When the step in force began (ms, same clock as `now`). */
  readonly stepStartedAt: number;
  readonly now: number;
}

const OUTCOME: Readonly<Record<StageAction, StageOutcome>> = {
  advance: 'successful',
  complete: 'successful',
  rollback: 'failed',
  hold: 'inconclusive',
  wait: 'running',
};

function metricEvidence(metric: MetricAnalysis, candidate: string, champion: string): MetricEvidence {
  const c: Comparison | undefined = metric.comparisons.find((x) => x.variant === candidate);
  return {
    name: metric.name,
    role: metric.role,
    verdict: c?.verdict ?? 'collecting',
    n: [metric.variants[champion]?.n ?? 0, metric.variants[candidate]?.n ?? 0],
    requiredSamplePerVariant: c?.requiredSamplePerVariant,
    difference: c?.difference,
    ci: c?.ci,
    relativeLift: c?.relativeLift,
    alwaysValidPValue: c?.alwaysValidPValue,
  };
}

// A metric has its sample when both sides reached the required size and the verdict is a decided one.
const sampled = (m: MetricEvidence): boolean =>
  (m.verdict === 'inconclusive' || m.verdict === 'better') &&
  m.requiredSamplePerVariant !== undefined &&
  m.n[0] >= m.requiredSamplePerVariant &&
  m.n[1] >= m.requiredSamplePerVariant;

const list = (metrics: readonly MetricEvidence[]): string => metrics.map((m) => m.name).join(', ');
const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/**
 * The staged controller's decision, a pure function of its input. Rules, in order:
 * 1. a guard trip of the candidate, or a primary or guardrail metric `worse` → rollback;
 * 2. an SRM mismatch, or a review signal pending for the candidate (a soft trigger) → hold;
 * 3. the step's minimum duration not reached, or a metric still short of its sample → wait;
 * 4. every metric past its required sample, none worse → advance, or complete after the last step
 *    (a step at 100% has no control group: it completes once its minimum duration passed);
 * 5. `maxDurationMs` passed without the sample → hold, and say so: lack of data never rolls back.
 */
export function decideStage(input: StageInput): StageDecision {
  const { document: doc, analysis, now, stepStartedAt } = input;
  const stages = doc?.stages;
  const candidate = stages?.candidate;
  const share = doc !== undefined && candidate !== undefined ? candidateShare(doc, candidate) : 0;
  const index = doc === undefined ? -1 : currentStepIndex(doc);
  const steps = stages?.steps ?? [];
  const stepDef = steps[index];
  const step: StepInfo | undefined =
    stepDef === undefined
      ? undefined
      : { index, count: steps.length, weight: stepDef.weight, nextWeight: steps[index + 1]?.weight };
  const fresh = analysis !== undefined && analysis.version === input.version;
  const champion = doc?.champion;
  const tripped = input.guard.find((g) => g.variant === candidate && g.state !== 'closed');
  const metrics =
    fresh && candidate !== undefined && champion !== undefined
      ? analysis.metrics.map((m) => metricEvidence(m, candidate, champion))
      : [];
  const elapsedMs = now - stepStartedAt;
  const evidence: StageEvidence = {
    candidate,
    champion,
    version: input.version,
    share,
    stepStartedAt,
    elapsedMs,
    srm: fresh ? analysis.srm : undefined,
    metrics,
    trip: tripped === undefined ? undefined : { state: tripped.state, trigger: tripped.trigger },
    reviews: fresh ? (analysis.reviews ?? []).filter((r) => r.variant === candidate) : [],
  };
  const decide = (action: StageAction, code: StageReasonCode, reason: string): StageDecision => ({
    action,
    outcome: OUTCOME[action],
    code,
    reason,
    step,
    evidence,
  });

  if (stages === undefined || candidate === undefined)
    return decide('wait', 'no_stages', 'the route has no stages: nothing to roll out');
  if (share === 0)
    return decide(
      'wait',
      'not_running',
      `${candidate} takes no traffic (rolled back, or not started): set its weight to the first step's (${steps[0]!.weight}) to start`,
    );
  if (tripped !== undefined)
    return decide(
      'rollback',
      'guard_trip',
      `the guard took ${candidate} out of traffic (${tripped.trigger ?? tripped.state}): rolled back`,
    );
  if (analysis !== undefined && !fresh)
    return decide(
      'wait',
      'stale_analysis',
      `the analysis is for version ${analysis.version}, not the version in force (${input.version}): waiting for fresh figures`,
    );
  const worse = metrics.filter((m) => m.verdict === 'worse');
  if (worse.length > 0)
    return decide('rollback', 'metric_worse', `${candidate} is significantly worse on ${list(worse)}: rolled back`);
  if (step === undefined)
    return decide(
      'hold',
      'off_step',
      `${candidate} has ${share}% of traffic, which is not a step (${steps.map((s) => s.weight).join(', ')}); set it to a step's weight to resume`,
    );
  const minMs = stepDef!.minDurationMs ?? 0;
  const maxMs = stepDef!.maxDurationMs;
  if (step.weight === 100) {
    if (elapsedMs < minMs)
      return decide('wait', 'min_duration', `step ${index + 1} has run ${seconds(elapsedMs)} of ${seconds(minMs)}`);
    return decide('complete', 'full_traffic', `${candidate} has had all traffic for ${seconds(elapsedMs)}: complete`);
  }
  if (fresh && analysis.metrics.length === 0)
    return decide('hold', 'no_metrics', 'the analysis has no metrics, so nothing can pass the candidate: add metrics');
  if (fresh && (analysis.srm.mismatch || metrics.some((m) => m.verdict === 'invalid')))
    return decide(
      'hold',
      'srm_mismatch',
      `sample ratio mismatch (p = ${analysis.srm.pValue.toPrecision(2)}): the exposures do not match the weights; find out why before going on`,
    );
  if (evidence.reviews.length > 0)
    return decide(
      'hold',
      'review_pending',
      `${candidate} has a pending review (${evidence.reviews.map((r) => r.trigger).join(', ')}): a person looks before it goes on (soft triggers never roll back)`,
    );
  if (elapsedMs < minMs)
    return decide('wait', 'min_duration', `step ${index + 1} has run ${seconds(elapsedMs)} of ${seconds(minMs)}`);
  const pending = fresh ? metrics.filter((m) => !sampled(m)) : [];
  if (!fresh || pending.length > 0) {
    const what = fresh ? `${list(pending)} short of the required sample` : 'no analysis yet';
    if (maxMs !== undefined && elapsedMs >= maxMs)
      return decide(
        'hold',
        'max_duration',
        `step ${index + 1} passed its maximum duration (${seconds(maxMs)}) with ${what}: holding (lack of data never rolls back)`,
      );
    return decide('wait', 'collecting', `step ${index + 1}: ${what}`);
  }
  if (step.nextWeight !== undefined)
    return decide(
      'advance',
      'sample_reached',
      `every metric reached its sample, none worse: ${candidate} ${step.weight}% -> ${step.nextWeight}%`,
    );
  return decide('complete', 'sample_reached', `every metric reached its sample at the last step, none worse: complete`);
}
