import type { FleetFigures } from './fleet-figures.js';
import { escapeHtml, formatNumber } from './html.js';
import type { ChartSeries } from './svg-line-chart.js';
import { lineChart } from './svg-line-chart.js';

const percent = (v: number) => `${formatNumber(v * 100)}%`;

/** The fleet's figures per variant over time (traffic share, error rate, p99, invalid rate, shadow agreement). */
export function fleetSection(fleet: FleetFigures | undefined, styleOf: (variant: string) => number): string {
  if (fleet === undefined)
    return '<section id="fleet"><h2>Fleet figures</h2><p class="none">No Prometheus given: run the report with <code>--prometheus URL</code> for traffic share, error rate, p99, invalid rate and shadow agreement per variant over time.</p></section>';
  const styled = (series: readonly ChartSeries[]) => series.map((s) => ({ ...s, styleIndex: styleOf(s.name) }));
  const plot = (
    id: keyof FleetFigures['queries'],
    title: string,
    yLabel: string,
    format: (v: number) => string,
    yMax?: number,
  ) =>
    `${lineChart(styled(fleet[id]), {
      id,
      title,
      yLabel,
      format,
      from: fleet.from,
      to: fleet.to,
      yMin: 0,
      ...(yMax === undefined ? {} : { yMax }),
    })}<details class="query"><summary>PromQL</summary><pre>${escapeHtml(fleet.queries[id])}</pre></details>`;
  return `<section id="fleet"><h2>Fleet figures (Prometheus, every ${fleet.stepSeconds} s)</h2>${[
    plot('share', 'Traffic share per variant (primary calls)', 'share', percent, 1),
    plot('errorRate', 'Error rate per variant', 'error rate', percent),
    plot('p99Ms', 'p99 latency per variant (ms)', 'p99 ms', (v) => `${formatNumber(v)} ms`),
    plot('invalidRate', 'Invalid output rate per variant', 'invalid rate', percent),
    plot('shadowAgreement', 'Shadow agreement with the primary, per shadow model', 'agreement', percent, 1),
  ].join('')}</section>`;
}
