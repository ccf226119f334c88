import type { Analysis } from '@modelroute/core';
import type { ExitCode } from '../cli-error.js';
import type { Output } from '../output.js';
import { count, interval, num, pValue, percent, signed, table } from './stats-format.js';

/** Prints a fleet analysis (the `router.analysis()` shape): the split check, then one table per metric. */
export function reportExperiment(o: Output, a: Analysis, source: string): ExitCode {
  const out: string[] = [
    `route ${a.route}, version ${a.version}, champion ${a.champion}, alpha ${a.alpha}, power ${a.power} (${source})`,
    `exposures: ${Object.entries(a.srm.exposures)
      .map(([v, n]) => `${v} ${count(n)}`)
      .join(', ')}; sample ratio ${a.srm.mismatch ? 'MISMATCH' : 'ok'} (p ${pValue(a.srm.pValue)})`,
  ];
  for (const m of a.metrics) {
    out.push('', `${m.name} (${m.kind}, ${m.direction}, ${m.role}, mde ${percent(m.mde)})`);
    const rows = [
      [
        'variant',
        'n',
        'mean',
        'difference',
        `${Number(((1 - a.alpha) * 100).toPrecision(4))}% CI`,
        'p',
        'always-valid p',
        'needed',
        'verdict',
      ],
    ];
    rows.push([
      `${a.champion} (champion)`,
      count(m.variants[a.champion]?.n ?? 0),
      num(m.variants[a.champion]?.mean ?? 0),
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    for (const c of m.comparisons) {
      const v = m.variants[c.variant]!;
      rows.push([
        c.variant,
        count(v.n),
        num(v.mean),
        signed(c.difference),
        interval(c.ci, num),
        pValue(c.pValue),
        pValue(c.alwaysValidPValue),
        Number.isFinite(c.requiredSamplePerVariant) ? count(c.requiredSamplePerVariant) : '?',
        c.verdict,
      ]);
    }
    out.push(...table(rows, [1, 2, 3, 5, 6, 7]));
  }
  return o.done(out.join('\n'), { analysis: a });
}
