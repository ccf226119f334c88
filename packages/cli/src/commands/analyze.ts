import {
  isStatsError,
  msprt,
  msprtBernoulli,
  MsprtMonitor,
  srmTest,
  twoProportionZTest,
  welchTTest,
  type Summary,
  type TwoProportionZTestResult,
  type WelchTTestResult,
} from '@modelroute/stats';
import { CliError } from '../cli-error.js';
import { alphaFlag, numberFlag } from './stats-flags.js';
import { loadResults, type ContinuousArm, type ExperimentResults, type RateArm } from './stats-results-file.js';

/** The flags of `modelroute analyze`, as commander hands them over (strings). */
export interface AnalyzeFlags {
  /** Significance level of the tests, the intervals (coverage 1 − α) and the mSPRT. Default: 0.05. */
  readonly alpha?: string;
  /** Mixing variance τ² of the mSPRT, on the scale of diff². Default: mde² with --mde, else 0.01 × the pooled per-unit variance. */
  readonly tau2?: string;
  /** The effect the experiment was planned for (as given to `sample-size`); sets τ² = mde². Default: none. */
  readonly mde?: string;
}

/** The SRM p-value threshold (srmTest's default): strict, because the check runs on every experiment and every look. */
export const SRM_THRESHOLD = 0.001;
/** The default τ² as a fraction of the pooled per-unit variance: the mixture is tuned to effects near 0.1 sd. */
export const DEFAULT_TAU2_FRACTION = 0.01;

/** The sample-ratio check of the units per arm against the configured weights. */
export interface SrmCheck {
  readonly chiSquare: number;
  readonly df: number;
  readonly pValue: number;
  readonly threshold: number;
  readonly mismatch: boolean;
  readonly arms: readonly { arm: string; n: number; weight: number; share: number; expected: number }[];
}

/** The always-valid (mSPRT) p-value of one comparison at this look. */
export interface SequentialResult {
  readonly tau2: number;
  /** Where τ² came from: `--tau2`, `--mde` (its square) or the default (0.01 × pooled per-unit variance). */
  readonly tau2From: 'tau2' | 'mde' | 'default';
  /** min(1, 1/Λ) at this look; null when it cannot be computed (see `error`). */
  readonly pValue: number | null;
  /** pValue ≤ alpha. */
  readonly rejected: boolean;
  readonly error?: string;
}

/** One treatment arm against the control. */
export interface Comparison {
  readonly arm: string;
  readonly control: string;
  readonly test: 'welch-t' | 'two-proportion-z';
  /** Units of the control and of the arm. */
  readonly n: readonly [number, number];
  /** Means (continuous) or rates (successes / n) of the control and of the arm; null for a rate arm with no units. */
  readonly estimates: readonly [number | null, number | null];
  /** The fixed-horizon test exactly as `@modelroute/stats` returns it; null when it cannot be computed. */
  readonly result: WelchTTestResult | TwoProportionZTestResult | null;
  /** result.pValue ≤ alpha; null without a result. */
  readonly significant: boolean | null;
  readonly sequential: SequentialResult;
  /** Why the test could not be computed (too few units, no variation). */
  readonly error?: string;
}

/** Everything `analyze` found. */
export interface Analysis {
  readonly file: string;
  readonly metric: 'continuous' | 'rate';
  readonly label: string | undefined;
  readonly control: string;
  readonly alpha: number;
  readonly srm: SrmCheck;
  readonly comparisons: readonly Comparison[];
}

/** How τ² is chosen: a value from a flag, or the variance-based default. */
export type Tau2Choice = { readonly value: number; readonly from: 'tau2' | 'mde' } | { readonly from: 'default' };

/**
 * Reads a results file and analyzes it: the sample-ratio check first, then every treatment arm
 * against the control with the fixed-horizon test (Welch, or two-proportion z) and the mSPRT p-value.
 */
export async function analyzeFile(file: string, flags: AnalyzeFlags = {}): Promise<Analysis> {
  const alpha = alphaFlag(flags.alpha);
  const tau2 = tau2Flag(flags);
  return analyzeResults(file, await loadResults(file), alpha, tau2);
}

function tau2Flag(flags: AnalyzeFlags): Tau2Choice {
  if (flags.tau2 !== undefined && flags.mde !== undefined)
    throw new CliError(2, 'give --tau2 or --mde, not both (--mde sets tau2 to mde squared)');
  const tau2 = numberFlag('--tau2', flags.tau2);
  if (tau2 !== undefined) {
    if (!(tau2 > 0 && Number.isFinite(tau2)))
      throw new CliError(
        1,
        `--tau2 must be a finite number > 0 (got ${tau2}); pass the mixing variance, for example the square of the effect you expect`,
      );
    return { value: tau2, from: 'tau2' };
  }
  const mde = numberFlag('--mde', flags.mde);
  if (mde !== undefined) {
    if (!(mde !== 0 && Number.isFinite(mde)))
      throw new CliError(
        1,
        `--mde must be a finite number other than 0 (got ${mde}); pass the effect the experiment was planned to detect`,
      );
    return { value: mde * mde, from: 'mde' };
  }
  return { from: 'default' };
}

/** Analyzes validated results (`file` only labels the output). */
export function analyzeResults(
  file: string,
  results: ExperimentResults,
  alpha: number,
  tau2: Tau2Choice = { from: 'default' },
): Analysis {
  const counts = Object.fromEntries(results.arms.map((a) => [a.arm, a.n]));
  const srm = srmTest(counts, results.weights, { threshold: SRM_THRESHOLD });
  const total = Object.values(results.weights).reduce((s, w) => s + w, 0);
  const check: SrmCheck = {
    chiSquare: srm.chiSquare,
    df: srm.df,
    pValue: srm.pValue,
    threshold: SRM_THRESHOLD,
    mismatch: srm.mismatch,
    arms: results.arms.map((a) => ({
      arm: a.arm,
      n: a.n,
      weight: results.weights[a.arm]!,
      share: results.weights[a.arm]! / total,
      expected: srm.expected[a.arm]!,
    })),
  };
  const comparisons =
    results.kind === 'continuous'
      ? results.arms.slice(1).map((b) => compareMeans(results.arms[0]!, b, alpha, tau2))
      : results.arms.slice(1).map((b) => compareRates(results.arms[0]!, b, alpha, tau2));
  return { file, metric: results.kind, label: results.label, control: results.control, alpha, srm: check, comparisons };
}

function compareMeans(a: ContinuousArm, b: ContinuousArm, alpha: number, choice: Tau2Choice): Comparison {
  const sa: Summary = { n: a.n, mean: a.mean, variance: a.variance };
  const sb: Summary = { n: b.n, mean: b.mean, variance: b.variance };
  const names = [a.arm, b.arm] as const;
  const base = { arm: b.arm, control: a.arm, test: 'welch-t', n: [a.n, b.n], estimates: [a.mean, b.mean] } as const;
  const tau2 = choice.from === 'default' ? DEFAULT_TAU2_FRACTION * ((a.variance + b.variance) / 2) : choice.value;
  // Equal arms: msprt with the average variance; unequal arms: the monitor's summary form, s²ₐ/nₐ + s²_b/n_b.
  const sequential = sequentialOf(tau2, choice.from, alpha, names, () =>
    a.n === b.n
      ? msprt({ n: a.n, diff: b.mean - a.mean, variance: (a.variance + b.variance) / 2, tau2 }).pValue
      : monitorLook(sa, sb, tau2, alpha),
  );
  return withTest(base, sequential, alpha, names, () => welchTTest(sa, sb, { alpha }));
}

function compareRates(a: RateArm, b: RateArm, alpha: number, choice: Tau2Choice): Comparison {
  const rate = (x: RateArm): number | null => (x.n > 0 ? x.successes / x.n : null);
  const names = [a.arm, b.arm] as const;
  const base = {
    arm: b.arm,
    control: a.arm,
    test: 'two-proportion-z',
    n: [a.n, b.n],
    estimates: [rate(a), rate(b)],
  } as const;
  const pooled = a.n + b.n > 0 ? (a.successes + b.successes) / (a.n + b.n) : 0;
  const tau2 = choice.from === 'default' ? DEFAULT_TAU2_FRACTION * pooled * (1 - pooled) : choice.value;
  const sequential = sequentialOf(tau2, choice.from, alpha, names, () => {
    const meanA = a.successes / a.n;
    const meanB = b.successes / b.n;
    if (a.n === b.n) return msprtBernoulli({ n: a.n, meanA, meanB, tau2 }).pValue;
    // Unequal arms: the summary form with the Bernoulli per-unit variance x̄(1 − x̄), which is
    // msprtBernoulli's V/n when the arms are equal.
    return monitorLook(
      { n: a.n, mean: meanA, variance: meanA * (1 - meanA) },
      { n: b.n, mean: meanB, variance: meanB * (1 - meanB) },
      tau2,
      alpha,
    );
  });
  return withTest(base, sequential, alpha, names, () => twoProportionZTest(a, b, { alpha }));
}

/** The p-value of one MsprtMonitor look on two summaries (the form for arms of unequal size). */
function monitorLook(a: Summary, b: Summary, tau2: number, alpha: number): number {
  const state = new MsprtMonitor({ tau2, alpha }).observeSummaries(a, b);
  if (state.n === 0) throw new CliError(1, 'both arms are constant so far, so the mSPRT has no information yet');
  return state.pValue;
}

type ArmNames = readonly [control: string, treatment: string];

function sequentialOf(
  tau2: number,
  from: Tau2Choice['from'],
  alpha: number,
  names: ArmNames,
  compute: () => number,
): SequentialResult {
  try {
    if (!(tau2 > 0)) throw new CliError(1, 'the pooled variance is 0, so the default tau2 is 0; pass --tau2 or --mde');
    const pValue = compute();
    return { tau2, tau2From: from, pValue, rejected: pValue <= alpha };
  } catch (error) {
    return { tau2, tau2From: from, pValue: null, rejected: false, error: reason(error, names) };
  }
}

function withTest(
  base: Omit<Comparison, 'result' | 'significant' | 'sequential' | 'error'>,
  sequential: SequentialResult,
  alpha: number,
  names: ArmNames,
  test: () => WelchTTestResult | TwoProportionZTestResult,
): Comparison {
  try {
    const result = test();
    return { ...base, result, significant: result.pValue <= alpha, sequential };
  } catch (error) {
    return { ...base, result: null, significant: null, sequential, error: reason(error, names) };
  }
}

/**
 * Why a statistic could not be computed: a stats error's message without its function prefix and
 * with `a.`/`b.` (control, treatment) as the file's paths. Anything else is a bug and rethrown.
 */
function reason(error: unknown, [control, treatment]: ArmNames): string {
  if (error instanceof CliError) return error.message;
  if (!isStatsError(error)) throw error;
  return error.message
    .replace(/^[\w.]+: /, '')
    .replace(/\ba\.(\w+)/g, (_, f: string) => `arms.${control}.${f}`)
    .replace(/\bb\.(\w+)/g, (_, f: string) => `arms.${treatment}.${f}`);
}
