import type { ShadowComparison } from '../vocabulary/outcomes.js';
import type { ShadowVerdict } from './shadow-options.js';

/** The default comparator: deep strict equality (`util.isDeepStrictEqual`). */
export const deepEqualCompare = (primary: unknown, shadow: unknown): ShadowVerdict =>
  // node:util is taken on use: its ESM import loads parts of Node that core never needs at start-up.
  process.getBuiltinModule('node:util').isDeepStrictEqual(primary, shadow);

/** A comparator's verdict, normalized: the comparison, and the difference when it was a finite number. */
export interface Judgement {
  readonly comparison: ShadowComparison;
  readonly difference: number | undefined;
}

const AGREE: Judgement = Object.freeze({ comparison: 'agree', difference: undefined });
const DISAGREE: Judgement = Object.freeze({ comparison: 'disagree', difference: undefined });
const ERROR: Judgement = Object.freeze({ comparison: 'error', difference: undefined });

/** Runs `compare` and normalizes what it returns; a throw or an unknown value is an `error` judgement. */
export function judge<O>(
  compare: (primary: O, shadow: O) => ShadowVerdict,
  primary: O,
  shadow: O,
  tolerance: number,
): Judgement {
  let verdict: ShadowVerdict;
  try {
    verdict = compare(primary, shadow);
  } catch {
    return ERROR;
  }
  if (verdict === true || verdict === 'agree') return AGREE;
  if (verdict === false || verdict === 'disagree') return DISAGREE;
  if (typeof verdict === 'number') {
    if (!Number.isFinite(verdict)) return Number.isNaN(verdict) ? ERROR : DISAGREE;
    return { comparison: Math.abs(verdict) <= tolerance ? 'agree' : 'disagree', difference: verdict };
  }
  return ERROR;
}

/** The judgement of a pair where the shadow gave no output (error or timeout). */
export const NO_OUTPUT: Judgement = ERROR;
