import type { ReportData } from './report-data.js';

/** The answer to "is it safe to go on?". */
export type Answer = 'stop' | 'review' | 'wait' | 'go-on' | 'no-evidence';

/** The header's one line, in parts. */
export interface Headline {
  readonly answer: Answer;
  /** Why, in words. */
  readonly because: string;
  readonly stage: string;
  readonly weights: string;
  readonly verdicts: string;
  readonly trips: string;
  readonly reviews: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The stage: from the route's `stages`, else from the last controller decision that names its step. */
function stageOf(data: ReportData): string {
  const stages = data.timeline.at(-1)?.stages;
  const weights = data.document.weights;
  if (stages !== undefined) {
    const share = weights[stages.candidate] ?? 0;
    const index = stages.steps.indexOf(share);
    return index < 0
      ? `${stages.candidate} at ${share}% (off the steps ${stages.steps.join('→')})`
      : `stage ${index + 1} of ${stages.steps.length}: ${stages.candidate} at ${share}%`;
  }
  for (let i = data.timeline.length - 1; i >= 0; i--) {
    const e = data.timeline[i]!.evidence;
    if (isObject(e) && isObject(e.step) && isObject(e.evidence) && typeof e.evidence.candidate === 'string') {
      const { index, count, weight, nextWeight } = e.step;
      const candidate = e.evidence.candidate;
      const share = weights[candidate] ?? 0;
      const n = share === nextWeight ? Number(index) + 2 : share === weight ? Number(index) + 1 : undefined;
      return n === undefined
        ? `${candidate} at ${share}% (off the controller's steps)`
        : `stage ${n} of ${String(count)}: ${candidate} at ${share}%`;
    }
  }
  return 'no stages';
}

/** Where the rollout is, and whether it is safe to go on, from what the report knows. */
export function headline(data: ReportData): Headline {
  const weights = Object.entries(data.document.weights)
    .map(([v, w]) => `${v} ${w}%`)
    .join(' · ');
  const snapshot = data.snapshot;
  const analysis = snapshot?.analysis ?? undefined;
  const comparisons = (analysis?.metrics ?? []).flatMap((m) =>
    m.comparisons.map((c) => ({ metric: m.name, role: m.role, ...c })),
  );
  const verdicts =
    comparisons.length === 0
      ? 'no verdicts'
      : comparisons.map((c) => `${c.metric} ${c.variant}: ${c.verdict}`).join(', ') +
        (analysis?.srm.mismatch ? ' (SRM mismatch)' : '');
  const tripped = (snapshot?.guard ?? []).filter((g) => g.state !== 'closed');
  const trips =
    tripped.length === 0
      ? 'no trips'
      : tripped.map((g) => `${g.variant} ${g.state} (${g.trigger ?? 'trip'})`).join(', ');
  const pending = snapshot?.reviews.length ?? 0;
  const reviews = pending === 0 ? 'no pending reviews' : `${pending} pending review${pending === 1 ? '' : 's'}`;
  const worse = comparisons.filter((c) => c.verdict === 'worse');
  let answer: Answer;
  let because: string;
  if (snapshot === undefined) {
    answer = 'no-evidence';
    because = 'no analysis snapshot given (--analysis): only the history is known';
  } else if (tripped.length > 0) {
    answer = 'stop';
    because = `the guard took ${tripped.map((g) => g.variant).join(', ')} out of traffic`;
  } else if (analysis?.srm.mismatch) {
    answer = 'stop';
    because = 'the exposures do not match the weights (SRM): no verdict can be trusted';
  } else if (worse.length > 0) {
    answer = 'stop';
    because = `${worse.map((c) => `${c.variant} is worse on ${c.metric}`).join('; ')}`;
  } else if (pending > 0) {
    answer = 'review';
    because = `${reviews}: a person should look first`;
  } else if (comparisons.some((c) => c.verdict === 'collecting')) {
    answer = 'wait';
    because = 'no trip, nothing worse, but the sample is still being collected';
  } else {
    answer = 'go-on';
    because =
      comparisons.length === 0
        ? 'no trip, no review signal (no experiment to judge)'
        : 'no trip, nothing worse, the sample is reached';
  }
  if (snapshot !== undefined && snapshot.version !== data.version)
    because += `; note: the snapshot is of version ${snapshot.version ?? '(fallback)'}, the file's route is ${data.version}`;
  return { answer, because, stage: stageOf(data), weights, verdicts, trips, reviews };
}
