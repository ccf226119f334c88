import { CliError } from '../cli-error.js';
import { readText } from '../file/rollout-file.js';

/** One arm of a continuous metric: units, mean and sample variance (divisor n − 1). */
export interface ContinuousArm {
  readonly arm: string;
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

/** One arm of a rate metric (conversion, error rate): units and units with the outcome. */
export interface RateArm {
  readonly arm: string;
  readonly n: number;
  readonly successes: number;
}

/** A results file, validated: the arms in file order, the control first. */
export type ExperimentResults = {
  readonly control: string;
  readonly weights: Readonly<Record<string, number>>;
  /** Optional label of the metric (`"metric": "p95 latency ms"`). */
  readonly label: string | undefined;
} & (
  | { readonly kind: 'continuous'; readonly arms: readonly ContinuousArm[] }
  | { readonly kind: 'rate'; readonly arms: readonly RateArm[] }
);

const show = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const EXAMPLE =
  'e.g. { "control": "a", "weights": { "a": 50, "b": 50 }, "arms": { "a": { "n": 1000, "mean": 82.1, "variance": 144 }, "b": { ... } } }';

/** Reads and validates a results file for `analyze`; every problem is reported as `path: reason` (exit 1). */
export async function loadResults(file: string): Promise<ExperimentResults> {
  const text = await readText(file, 'results file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(1, `${file} is not a valid results file`, [`not valid JSON: ${(error as Error).message}`]);
  }
  const problems: string[] = [];
  const results = checkResults(json, problems);
  if (results === undefined || problems.length > 0)
    throw new CliError(1, `${file} is not a valid results file (${EXAMPLE})`, problems);
  return results;
}

/** Validates the parsed JSON of a results file, pushing `path: reason` problems. */
export function checkResults(json: unknown, problems: string[]): ExperimentResults | undefined {
  if (!isObject(json)) {
    problems.push(`(root): must be an object with control, weights and arms, got ${show(json)}`);
    return undefined;
  }
  const { control, weights, arms, metric } = json;
  if (metric !== undefined && typeof metric !== 'string')
    problems.push(`metric: must be a string (a label for the metric), got ${show(metric)}`);
  if (!isObject(arms) || Object.keys(arms).length < 2) {
    problems.push(
      `arms: must be an object with at least two arms (the control and a treatment), got ${isObject(arms) ? `${Object.keys(arms).length} arm` : show(arms)}`,
    );
    return undefined;
  }
  const names = Object.keys(arms);
  if (typeof control !== 'string' || !names.includes(control)) {
    problems.push(
      `control: must name one of the arms (${names.map((n) => JSON.stringify(n)).join(', ')}), got ${show(control)}`,
    );
  }
  checkWeights(weights, names, problems);
  const continuous: ContinuousArm[] = [];
  const rate: RateArm[] = [];
  for (const arm of names) {
    const parsed = checkArm(arm, arms[arm], problems);
    if (parsed && 'successes' in parsed) rate.push(parsed);
    else if (parsed) continuous.push(parsed);
  }
  if (continuous.length > 0 && rate.length > 0) {
    problems.push(
      `arms: mixes a continuous metric (${continuous.map((a) => a.arm).join(', ')}: mean and variance) with a rate (${rate.map((a) => a.arm).join(', ')}: successes); give every arm the same kind`,
    );
  }
  if (problems.length > 0) return undefined;
  const first = <T extends { arm: string }>(list: T[]): T[] => [
    ...list.filter((a) => a.arm === control),
    ...list.filter((a) => a.arm !== control),
  ];
  const base = {
    control: control as string,
    weights: weights as Record<string, number>,
    label: metric as string | undefined,
  };
  return rate.length > 0
    ? { ...base, kind: 'rate', arms: first(rate) }
    : { ...base, kind: 'continuous', arms: first(continuous) };
}

function checkWeights(weights: unknown, names: readonly string[], problems: string[]): void {
  if (!isObject(weights)) {
    problems.push(
      `weights: must be an object with the configured weight of every arm (the route's weights, e.g. { "a": 50, "b": 50 }), needed to check the split; got ${show(weights)}`,
    );
    return;
  }
  for (const [arm, w] of Object.entries(weights)) {
    if (!names.includes(arm)) problems.push(`weights.${arm}: names no arm in arms (arms are ${names.join(', ')})`);
    else if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
      problems.push(`weights.${arm}: must be a non-negative finite number, got ${show(w)}`);
  }
  for (const arm of names)
    if (!Object.hasOwn(weights, arm)) problems.push(`weights.${arm}: missing; every arm needs its configured weight`);
  const positive = names.filter((arm) => typeof weights[arm] === 'number' && (weights[arm] as number) > 0);
  if (problems.length === 0 && positive.length < 2)
    problems.push(
      `weights: must give at least two arms a weight above 0 (got ${positive.length}); an experiment compares a split`,
    );
}

function checkArm(arm: string, value: unknown, problems: string[]): ContinuousArm | RateArm | undefined {
  const at = `arms.${arm}`;
  if (!isObject(value)) {
    problems.push(`${at}: must be an object, { "n", "mean", "variance" } or { "n", "successes" }, got ${show(value)}`);
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(value)) {
    if (!['n', 'mean', 'variance', 'successes'].includes(key))
      problems.push(`${at}.${key}: unknown field (an arm has n, and either mean and variance, or successes)`);
  }
  const { n, mean, variance, successes } = value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    problems.push(`${at}.n: must be the number of units, an integer >= 0, got ${show(n)}`);
  const isRate = successes !== undefined;
  if (isRate && (mean !== undefined || variance !== undefined)) {
    problems.push(`${at}: has both successes (a rate) and mean/variance (a continuous metric); give one kind`);
  } else if (isRate) {
    if (typeof successes !== 'number' || !Number.isInteger(successes) || successes < 0)
      problems.push(`${at}.successes: must be an integer >= 0, got ${show(successes)}`);
    else if (typeof n === 'number' && successes > n)
      problems.push(`${at}.successes: must not exceed n (${n}), got ${successes}; count each unit at most once`);
  } else if (mean === undefined && variance === undefined) {
    problems.push(`${at}: must have mean and variance (a continuous metric) or successes (a rate)`);
  } else {
    if (typeof mean !== 'number' || !Number.isFinite(mean))
      problems.push(`${at}.mean: must be a finite number, got ${show(mean)}`);
    if (typeof variance !== 'number' || !Number.isFinite(variance) || variance < 0)
      problems.push(`${at}.variance: must be the sample variance, a finite number >= 0, got ${show(variance)}`);
    else if (typeof n === 'number' && n < 2 && variance !== 0)
      problems.push(`${at}.variance: must be 0 while n < 2, got ${variance}`);
  }
  if (problems.length > before) return undefined;
  return isRate
    ? { arm, n: n as number, successes: successes as number }
    : { arm, n: n as number, mean: mean as number, variance: variance as number };
}
