import { sampleSize, sampleSizeProportions } from '@modelroute/stats';
import { CliError } from '../cli-error.js';
import { flagError, numberFlag } from './stats-flags.js';

/** The flags of `modelroute sample-size`, as commander hands them over (strings). */
export interface SampleSizeFlags {
  /** Standard deviation of a continuous metric per unit (then --mde is a difference in means). */
  readonly sd?: string;
  /** Baseline rate of a rate metric, in (0, 1) (then --mde is an absolute change of the rate). */
  readonly p?: string;
  /** Minimum detectable effect. Required. */
  readonly mde?: string;
  /** Two-sided significance level. Default: 0.05. */
  readonly alpha?: string;
  /** Power 1 − β. Default: 0.8. */
  readonly power?: string;
}

/** What `sample-size` computed. */
export interface SampleSizePlan {
  /** `continuous` (from --sd: a comparison of means) or `rate` (from --p: a comparison of proportions). */
  readonly metric: 'continuous' | 'rate';
  /** --sd, for a continuous metric. */
  readonly sd?: number;
  /** --p, for a rate. */
  readonly p?: number;
  readonly mde: number;
  readonly alpha: number;
  readonly power: number;
  /** Units in each group: the control and the treatment each need this many (the formula's, at least {@link MIN_PER_GROUP}). */
  readonly perGroup: number;
  /** What the formula gives; below {@link MIN_PER_GROUP} its normal approximation does not hold, and perGroup is raised. */
  readonly formulaPerGroup: number;
  /** The number of groups `total` counts: 2 (one control, one treatment). */
  readonly groups: 2;
  /** perGroup × groups, with equal groups. */
  readonly total: number;
  /** The formula used, in one line. */
  readonly formula: string;
}

const CONTINUOUS = 'n = 2(z₁₋α/₂ + z₁₋β)²σ²/δ², rounded up (two-sided comparison of means, normal approximation)';
const RATE =
  'n = (z₁₋α/₂·√(2p̄(1−p̄)) + z₁₋β·√(p(1−p) + p₂(1−p₂)))²/δ², p₂ = p + δ, p̄ = (p + p₂)/2, rounded up (two-sided two-proportion z-test; Fleiss, Levin and Paik, no continuity correction)';
const FLAGS = { sd: '--sd', p: '--p', mde: '--mde', alpha: '--alpha', power: '--power' };
/**
 * The fewest units per group a plan asks for. Both formulas rest on a normal approximation, which a handful
 * of units does not justify (an effect many standard deviations wide gives n = 1: no variance to estimate).
 */
export const MIN_PER_GROUP = 30;
const planned = (formulaPerGroup: number) => {
  const perGroup = Math.max(formulaPerGroup, MIN_PER_GROUP);
  return { perGroup, formulaPerGroup, total: 2 * perGroup };
};

/**
 * Units per group for a two-arm test: a continuous metric with `--sd` (`sampleSize`) or a rate with
 * `--p` (`sampleSizeProportions`). Missing or conflicting flags are usage errors (exit 2); a bad value
 * is exit 1 with the flag named.
 */
export function planSampleSize(flags: SampleSizeFlags): SampleSizePlan {
  if (flags.sd !== undefined && flags.p !== undefined) {
    throw new CliError(2, 'give either --sd (a continuous metric) or --p (a rate), not both');
  }
  if (flags.sd === undefined && flags.p === undefined) {
    throw new CliError(
      2,
      'give --sd <sd> for a continuous metric (e.g. latency in ms) or --p <rate> for a rate (e.g. an error rate of 0.02), and --mde <delta>',
    );
  }
  if (flags.mde === undefined) {
    throw new CliError(
      2,
      "give --mde <delta>: the smallest difference worth detecting (in the metric's unit, or an absolute change of the rate)",
    );
  }
  const mde = numberFlag('--mde', flags.mde)!;
  const alpha = numberFlag('--alpha', flags.alpha) ?? 0.05;
  const power = numberFlag('--power', flags.power) ?? 0.8;
  const common = { mde, alpha, power, groups: 2 as const };
  try {
    if (flags.sd !== undefined) {
      const sd = numberFlag('--sd', flags.sd)!;
      return {
        metric: 'continuous',
        sd,
        ...common,
        ...planned(sampleSize({ sd, mde, alpha, power })),
        formula: CONTINUOUS,
      };
    }
    const p = numberFlag('--p', flags.p)!;
    return { metric: 'rate', p, ...common, ...planned(sampleSizeProportions({ p, mde, alpha, power })), formula: RATE };
  } catch (error) {
    return flagError(error, FLAGS);
  }
}

/** `sample-size` for people. */
export function formatSampleSize(plan: SampleSizePlan): string {
  const what =
    plan.metric === 'continuous'
      ? `continuous metric: sd ${plan.sd}, mde ${plan.mde} (a difference in means)`
      : `rate: baseline ${plan.p}, mde ${plan.mde} (${plan.p} -> ${Number((plan.p! + plan.mde).toPrecision(12))})`;
  const raised =
    plan.formulaPerGroup < plan.perGroup
      ? [
          `  the formula gives ${plan.formulaPerGroup} unit${plan.formulaPerGroup === 1 ? '' : 's'} per group: the effect is large next to the noise, and the normal approximation behind it needs more; plan at least ${MIN_PER_GROUP}`,
        ]
      : [];
  return [
    `${plan.perGroup} units per group, ${plan.total} in total (${plan.groups} equal groups)`,
    `  ${what}; alpha ${plan.alpha} two-sided, power ${plan.power}`,
    ...raised,
    `  formula: ${plan.formula}`,
    `  with unequal arms the smaller one sets the pace: a canary at 5% of traffic has ${plan.perGroup} units after ${Math.ceil(plan.perGroup / 0.05)} in total`,
  ].join('\n');
}
