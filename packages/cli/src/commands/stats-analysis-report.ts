import { CliError, type ExitCode } from '../cli-error.js';
import type { Output } from '../output.js';
import type { Analysis, Comparison } from './analyze.js';
import { count, interval, num, percent, pValue, signed, table } from './stats-format.js';

/**
 * Prints an analysis and returns the exit code: 0, or 1 when the split is broken (sample-ratio
 * mismatch: the comparisons cannot be trusted) or a comparison could not be computed. People get the
 * table on stdout and the reason on stderr; `--json` gets one object with `ok: false`, `exitCode`,
 * `error` and `problems` next to the analysis.
 */
export function reportAnalysis(o: Output, analysis: Analysis): ExitCode {
  const problems = analysis.comparisons
    .filter((c) => c.error !== undefined)
    .map((c) => `${c.arm} vs ${c.control}: not computed: ${c.error}`);
  if (!analysis.srm.mismatch && problems.length === 0) return o.done(formatAnalysis(analysis), { ...analysis });
  const message = analysis.srm.mismatch
    ? `sample ratio mismatch in ${analysis.file}: ${srmSentence(analysis)}; the split is broken, so the comparisons are not trustworthy`
    : `${analysis.file}: ${problems.length} of ${analysis.comparisons.length} comparisons could not be computed`;
  if (o.json) {
    o.done('', { ...analysis, ok: false, exitCode: 1, error: message, problems });
    return 1;
  }
  o.done(formatAnalysis(analysis), {});
  return o.fail(new CliError(1, message, problems));
}

const srmSentence = (a: Analysis): string =>
  `units ${a.srm.arms.map((x) => `${x.arm} ${x.n}`).join(', ')} where the weights expect ${a.srm.arms.map((x) => `${x.arm} ${count(x.expected)}`).join(', ')} (chi-square ${num(a.srm.chiSquare)}, p ${pValue(a.srm.pValue)} < ${a.srm.threshold})`;

/** `analyze` for people: the split check first, then one row per arm, then what the p-values mean. */
export function formatAnalysis(a: Analysis): string {
  const rate = a.metric === 'rate';
  const out: string[] = [];
  const level = `${Number(((1 - a.alpha) * 100).toPrecision(4))}%`;
  out.push(
    `${a.file}: ${rate ? 'rate' : 'continuous metric'}${a.label ? ` "${a.label}"` : ''}, control ${a.control}, ${a.comparisons.length} treatment arm${a.comparisons.length === 1 ? '' : 's'}, alpha ${a.alpha}`,
  );
  out.push('');
  if (a.srm.mismatch) {
    out.push(`!! SAMPLE RATIO MISMATCH: ${srmSentence(a)}.`);
    out.push(
      '!! The split is broken (assignment, logging or filtering differs between arms): do not trust the comparisons below; find the cause first.',
    );
  } else {
    out.push(
      `sample ratio: ok (chi-square ${num(a.srm.chiSquare)}, df ${a.srm.df}, p ${pValue(a.srm.pValue)}; a mismatch is p < ${a.srm.threshold})`,
    );
  }
  out.push(
    ...table(
      [
        ['arm', 'units', 'weight', 'expected'],
        ...a.srm.arms.map((x) => [x.arm, String(x.n), percent(x.share), count(x.expected)]),
      ],
      [1, 2, 3],
    ),
  );
  out.push('');
  const est = (x: number | null): string => (x === null ? '-' : rate ? percent(x) : num(x));
  const diff = (x: number): string => (rate ? `${signed(Number((x * 100).toPrecision(3)))} pp` : signed(x));
  const head = ['arm', 'n', rate ? 'rate' : 'mean', 'diff', `${level} CI`, 'p', 'lift', `lift ${level} CI`, 'mSPRT p'];
  const control = a.comparisons[0];
  const rows: string[][] = [head];
  if (control)
    rows.push([`${a.control} (control)`, String(control.n[0]), est(control.estimates[0]), '', '', '', '', '', '']);
  for (const c of a.comparisons) rows.push(row(c, est, diff));
  out.push(...table(rows, [1, 2, 3, 5, 6, 8]));
  out.push('');
  for (const c of a.comparisons) out.push(verdict(c, a.alpha));
  const seq = a.comparisons[0]?.sequential;
  out.push('');
  out.push(
    `p: ${rate ? 'two-proportion z-test' : "Welch's t-test"}, fixed horizon: valid for one look at a sample size fixed in advance (see modelroute sample-size).`,
  );
  if (seq) {
    const from =
      seq.tau2From === 'tau2'
        ? '--tau2'
        : seq.tau2From === 'mde'
          ? '--mde squared'
          : 'default: 0.01 x pooled per-unit variance, i.e. effects near 0.1 sd; set --mde or --tau2';
    const tau2 =
      a.comparisons.length === 1
        ? num(seq.tau2)
        : a.comparisons.map((c) => `${c.arm} ${num(c.sequential.tau2)}`).join(', ');
    out.push(
      `mSPRT p: always valid, however often you look; keep the smallest value seen across looks (tau2 ${tau2}, ${from}).`,
    );
  }
  return out.join('\n');
}

function row(c: Comparison, est: (x: number | null) => string, diff: (x: number) => string): string[] {
  const seq = c.sequential.pValue === null ? '-' : pValue(c.sequential.pValue);
  if (c.result === null) return [c.arm, String(c.n[1]), est(c.estimates[1]), '-', '-', '-', '-', '-', seq];
  const r = c.result;
  const lift = r.relativeLift;
  return [
    c.arm,
    String(c.n[1]),
    est(c.estimates[1]),
    diff(r.diff),
    interval(r.ci, diff),
    pValue(r.pValue),
    lift ? percent(lift.estimate, true) : '-',
    lift ? interval(lift.ci, (x) => percent(x, true)) : '-',
    seq,
  ];
}

function verdict(c: Comparison, alpha: number): string {
  if (c.result === null) return `${c.arm} vs ${c.control}: not computed: ${c.error}`;
  const fixed = c.significant
    ? `differs at alpha ${alpha} (p ${pValue(c.result.pValue)})`
    : `no significant difference at alpha ${alpha} (p ${pValue(c.result.pValue)})`;
  const seq =
    c.sequential.pValue === null
      ? `mSPRT not computed: ${c.sequential.error}`
      : c.sequential.rejected
        ? 'mSPRT: significant (always valid)'
        : 'mSPRT: not yet significant';
  return `${c.arm} vs ${c.control}: ${fixed}; ${seq}`;
}
