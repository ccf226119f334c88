import { mergeSummaries, type Summary } from '@modelroute/stats';
import { analyzeExperiment, EXPERIMENT_DEFAULTS } from '../experiment/analyze-experiment.js';
import type { ExperimentConfig } from '../rollout/experiment-schema.js';
import type { GateConfig } from '../rollout/gate-schema.js';
import type { WindowBucket, WindowFigures } from './kpi-window.js';

const DAY_MS = 86_400_000;

/** A guardrail against its non-inferiority margin (the metric's MDE, relative to the champion's mean). */
export interface GuardrailEvidence {
  readonly metric: string;
  /** The end of the difference's CI on the bad side (challenger − champion). */
  readonly worstDifference: number;
  /** The largest harm tolerated: mde × |champion mean| (× sd when the mean is 0). */
  readonly margin: number;
  readonly passed: boolean;
}

/** One look back: the gate's conditions over the concurrent buckets that had ended by `through` (all of them at now). */
export interface GateCheckpoint {
  /** The time looked back to (router clock): now, now − bucketMs, ... */
  readonly through: number;
  readonly buckets: number;
  readonly passed: boolean;
  /** Relative lift of the primary metric in its good direction (null: the champion's mean is 0). */
  readonly lift: number | null;
  readonly alwaysValidPValue: number;
}

/** Why a challenger is (not) ready, with the figures behind it. */
export interface GateEvidence {
  readonly challenger: string;
  readonly champion: string;
  readonly metric: string;
  readonly alpha: number;
  readonly mde: number;
  /** Over the whole concurrent window (the first checkpoint). */
  readonly lift: number | null;
  readonly alwaysValidPValue: number;
  readonly n: { readonly champion: number; readonly challenger: number };
  /** Buckets where both had traffic (primary metric outcomes), and the days they span. */
  readonly concurrentBuckets: number;
  readonly days: number;
  readonly minDays: number;
  readonly guardrails: readonly GuardrailEvidence[];
  /** Now, then one per bucket back, over minDays: the conditions must hold at every one. */
  readonly checkpoints: readonly GateCheckpoint[];
}

/** One challenger's verdict. */
export interface GateCandidate {
  readonly ready: boolean;
  readonly reason: string;
  readonly evidence: GateEvidence;
}

/** The gate's verdict for a route: ready when a challenger passes (the one with the largest lift). */
export interface GateStatus {
  readonly route: string;
  readonly ready: boolean;
  readonly reason: string;
  /** The challenger to promote, when ready. */
  readonly challenger?: string;
  readonly evidence?: GateEvidence;
  readonly candidates: readonly GateCandidate[];
}

const merged = (buckets: readonly WindowBucket[], metric: string, variant: string): Summary =>
  mergeSummaries(
    ...buckets.map((b) => b.summaries[metric]?.[variant]).filter((s): s is Summary => s !== undefined && s.n > 0),
  );

// Figures in reasons: 3 significant digits (the evidence keeps them whole).
const brief = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : String(x));
const percent = (x: number | null): string => (x === null ? 'n/a' : `${brief(x * 100)}%`);

const has = (b: WindowBucket, metric: string, variant: string): boolean => (b.summaries[metric]?.[variant]?.n ?? 0) > 0;

/**
 * The promotion gate, pure: over the rolling window's buckets where both the champion and the challenger
 * had traffic (concurrent traffic only), a challenger is ready when on every primary metric its mSPRT
 * always-valid p-value is below alpha and its lift is at least the MDE in the metric's direction, no
 * guardrail's CI reaches past its non-inferiority margin (the guardrail's MDE), and this holds at every
 * checkpoint of the last `minDays` (now, and at the end of each earlier bucket back to `minDays` ago)
 * over at least `minDays` of concurrent buckets. A challenger better only lately is therefore not ready.
 */
export function evaluateGate(
  window: WindowFigures,
  gate: GateConfig,
  experiment: ExperimentConfig,
  now: number,
): GateStatus {
  const route = window.route;
  const primaries = experiment.metrics.filter((m) => m.role === 'primary');
  if (primaries.length === 0)
    return { route, ready: false, reason: 'the experiment has no primary metric', candidates: [] };
  const first = primaries[0]!.name;
  const challengers = [...new Set(window.buckets.flatMap((b) => Object.keys(b.summaries[first] ?? {})))].filter(
    (v) => v !== window.champion,
  );
  const candidates = challengers.map((c) => judge(window, gate, experiment, c, now));
  const ready = candidates.filter((c) => c.ready).sort((a, b) => (b.evidence.lift ?? 0) - (a.evidence.lift ?? 0))[0];
  if (ready !== undefined)
    return {
      route,
      ready: true,
      reason: ready.reason,
      challenger: ready.evidence.challenger,
      evidence: ready.evidence,
      candidates,
    };
  const reason =
    candidates.length === 0
      ? 'no challenger has outcomes in the window yet'
      : candidates.map((c) => `${c.evidence.challenger}: ${c.reason}`).join('; ');
  return { route, ready: false, reason, candidates };
}

function judge(
  window: WindowFigures,
  gate: GateConfig,
  experiment: ExperimentConfig,
  challenger: string,
  now: number,
): GateCandidate {
  const { champion, bucketMs } = window;
  const alpha = experiment.alpha ?? EXPERIMENT_DEFAULTS.alpha;
  const primary = experiment.metrics.find((m) => m.role === 'primary')!;
  const minDays = gate.minDays ?? 0;
  const back = Math.ceil((minDays * DAY_MS) / bucketMs);
  const concurrent = window.buckets.filter(
    (b) => b.start <= now && has(b, primary.name, champion) && has(b, primary.name, challenger),
  );
  const checkpoints: GateCheckpoint[] = [];
  let guardrails: readonly GuardrailEvidence[] = [];
  for (let j = 0; j <= back; j++) {
    // Now: every concurrent bucket; j buckets back: the buckets that had ended by then.
    const through = now - j * bucketMs;
    const buckets = j === 0 ? concurrent : concurrent.filter((b) => b.start + bucketMs <= through);
    const check = conditions(window, experiment, challenger, buckets);
    if (j === 0) guardrails = check.guardrails;
    checkpoints.push({ through, buckets: buckets.length, ...check.checkpoint });
  }
  const days = (concurrent.length * bucketMs) / DAY_MS;
  const head = checkpoints[0]!;
  const evidence: GateEvidence = {
    challenger,
    champion,
    metric: primary.name,
    alpha,
    mde: primary.mde,
    lift: head.lift,
    alwaysValidPValue: head.alwaysValidPValue,
    n: {
      champion: merged(concurrent, primary.name, champion).n,
      challenger: merged(concurrent, primary.name, challenger).n,
    },
    concurrentBuckets: concurrent.length,
    days,
    minDays,
    guardrails,
    checkpoints,
  };
  const failedAt = checkpoints.findIndex((c) => !c.passed);
  const badGuardrail = guardrails.find((g) => !g.passed);
  let reason: string;
  if (concurrent.length === 0) reason = 'no concurrent traffic with the champion in the window';
  else if (days < minDays) reason = `${days} day(s) of concurrent traffic, the gate needs ${minDays}`;
  else if (badGuardrail !== undefined)
    reason = `guardrail "${badGuardrail.metric}" may be worse than its margin (${brief(badGuardrail.worstDifference)} vs ${brief(-badGuardrail.margin)})`;
  else if (failedAt === 0)
    reason = `not better on "${primary.name}" (lift ${percent(head.lift)}, always-valid p ${brief(head.alwaysValidPValue)}; needs p < ${alpha} and lift >= ${percent(primary.mde)})`;
  else if (failedAt > 0)
    reason = `better now, but not yet at the checkpoint ${failedAt} bucket(s) back (minDays ${minDays})`;
  else
    reason = `beats ${champion} on "${primary.name}" (lift ${percent(head.lift)}, always-valid p ${brief(head.alwaysValidPValue)}) over ${brief(days)} day(s) of concurrent traffic`;
  const ready = concurrent.length > 0 && days >= minDays && failedAt < 0;
  return { ready, reason, evidence };
}

/** The gate's conditions over one set of concurrent buckets, from the experiment's own analysis. */
function conditions(
  window: WindowFigures,
  experiment: ExperimentConfig,
  challenger: string,
  buckets: readonly WindowBucket[],
): { checkpoint: Omit<GateCheckpoint, 'through' | 'buckets'>; guardrails: GuardrailEvidence[] } {
  const { champion } = window;
  const summaries: Record<string, Record<string, Summary>> = {};
  for (const m of experiment.metrics)
    summaries[m.name] = {
      [champion]: merged(buckets, m.name, champion),
      [challenger]: merged(buckets, m.name, challenger),
    };
  const analysis = analyzeExperiment({
    route: window.route,
    version: 'window',
    champion,
    weights: { [champion]: 1, [challenger]: 1 },
    alpha: experiment.alpha,
    power: experiment.power,
    metrics: experiment.metrics,
    exposures: {},
    summaries,
  });
  let passed = buckets.length > 0;
  let lift: number | null = null;
  let alwaysValidPValue = 1;
  const guardrails: GuardrailEvidence[] = [];
  analysis.metrics.forEach((metric, i) => {
    const c = metric.comparisons[0]!;
    const sign = metric.direction === 'increase' ? 1 : -1;
    if (metric.role === 'primary') {
      const l = c.relativeLift === null ? null : sign * c.relativeLift;
      if (lift === null && i === experiment.metrics.findIndex((m) => m.role === 'primary')) {
        lift = l;
        alwaysValidPValue = c.alwaysValidPValue;
      }
      passed &&= c.verdict === 'better' && l !== null && l >= metric.mde;
      return;
    }
    const base = metric.variants[champion]!;
    const margin = metric.mde * (Math.abs(base.mean) || base.sd);
    const worstDifference = sign > 0 ? c.ci[0] : c.ci[1];
    const ok = Number.isFinite(worstDifference) && sign * worstDifference >= -margin;
    passed &&= ok;
    guardrails.push({ metric: metric.name, worstDifference, margin, passed: ok });
  });
  return { checkpoint: { passed, lift, alwaysValidPValue }, guardrails };
}
