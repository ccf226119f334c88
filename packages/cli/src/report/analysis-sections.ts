import type { AnalysisSnapshot } from './analysis-snapshot.js';
import { escapeHtml, formatNumber, formatTime } from './html.js';
import { forestPlot } from './svg-forest-plot.js';

const table = (head: readonly string[], rows: readonly string[][]): string =>
  `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

const NO_SNAPSHOT =
  '<p class="none">No analysis snapshot given: write one in the serving process with <code>writeAnalysisSnapshot(router, path)</code> and pass <code>--analysis path</code>.</p>';

/** The experiment: SRM, then per metric a forest plot and the figures per variant. */
export function experimentSection(
  snapshot: AnalysisSnapshot | undefined,
  weights: Readonly<Record<string, number>>,
): string {
  const head = '<section id="experiment"><h2>Experiment</h2>';
  if (snapshot === undefined) return `${head}${NO_SNAPSHOT}</section>`;
  const a = snapshot.analysis;
  if (a === null) return `${head}<p class="none">The route has no experiment.</p></section>`;
  const total = Object.values(a.srm.exposures).reduce((s, n) => s + n, 0);
  const weightSum = Object.values(weights).reduce((s, n) => s + n, 0) || 1;
  const srm = table(
    ['variant', 'exposures', 'share', 'expected share'],
    Object.entries(a.srm.exposures).map(([v, n]) => [
      escapeHtml(v),
      String(n),
      total === 0 ? '–' : `${formatNumber((n / total) * 100)}%`,
      `${formatNumber(((weights[v] ?? 0) / weightSum) * 100)}%`,
    ]),
  );
  const metrics = a.metrics
    .map((m) => {
      const figures = table(
        ['variant', 'n', 'mean', 'sd', 'required n per variant'],
        Object.entries(m.variants).map(([v, f]) => {
          const c = m.comparisons.find((x) => x.variant === v);
          return [
            escapeHtml(v) + (v === a.champion ? ' (champion)' : ''),
            String(f.n),
            escapeHtml(formatNumber(f.mean, 4)),
            escapeHtml(formatNumber(f.sd, 3)),
            c ? String(c.requiredSamplePerVariant) : '–',
          ];
        }),
      );
      return `<div class="metric">${forestPlot(m, a.alpha)}${figures}</div>`;
    })
    .join('');
  return `${head}<p>Version <code>${escapeHtml(a.version)}</code>, champion <strong>${escapeHtml(a.champion)}</strong>, alpha ${a.alpha}, power ${a.power}; snapshot taken ${escapeHtml(snapshot.at)}.</p><h3>Sample ratio (SRM): ${a.srm.mismatch ? '✕ MISMATCH' : '✓ matches the weights'} (chi-square p = ${escapeHtml(formatNumber(a.srm.pValue))})</h3>${srm}${metrics || '<p class="none">No metrics.</p>'}</section>`;
}

/** Review signals (soft triggers) raised under the version in force. */
export function reviewsSection(snapshot: AnalysisSnapshot | undefined): string {
  const head = '<section id="reviews"><h2>Review signals</h2>';
  if (snapshot === undefined) return `${head}${NO_SNAPSHOT}</section>`;
  if (snapshot.reviews.length === 0) return `${head}<p class="none">No review signal raised.</p></section>`;
  return `${head}${table(
    ['raised', 'variant', 'trigger', 'message', 'figures'],
    snapshot.reviews.map((r) => [
      escapeHtml(routerTime(snapshot, r.at)),
      `${escapeHtml(r.variant)} vs ${escapeHtml(r.against)}`,
      escapeHtml(r.trigger),
      escapeHtml(r.message),
      escapeHtml(
        Object.entries(r.figures)
          .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : typeof v === 'number' ? formatNumber(v) : v}`)
          .join('; '),
      ),
    ]),
  )}</section>`;
}

/** The guard's state per variant and its window figures; trips first. */
export function guardSection(snapshot: AnalysisSnapshot | undefined): string {
  const head = '<section id="guard"><h2>Guard</h2>';
  if (snapshot === undefined) return `${head}${NO_SNAPSHOT}</section>`;
  if (snapshot.guard.length === 0) return `${head}<p class="none">The route has no guard.</p></section>`;
  return `${head}${table(
    ['variant', 'state', 'last trip', 'calls in window', 'error rate', 'invalid rate', 'p99'],
    snapshot.guard.map((g) => [
      escapeHtml(g.variant) + (g.guarded ? '' : ' (not guarded)'),
      g.state === 'closed' ? '✓ closed (serving)' : `✕ ${escapeHtml(g.state)}`,
      g.trippedAt === undefined
        ? '–'
        : `${escapeHtml(g.trigger ?? '')} at ${escapeHtml(routerTime(snapshot, g.trippedAt))}`,
      String(g.window.calls),
      `${escapeHtml(formatNumber(g.window.errorRate * 100))}%`,
      `${escapeHtml(formatNumber(g.window.invalidRate * 100))}%`,
      `${escapeHtml(formatNumber(g.window.p99Ms))} ms`,
    ]),
  )}</section>`;
}

/**
 * A time on the router's clock (a trip, a review signal) as a wall-clock time, from the router clock's
 * reading the snapshot recorded when it was taken; a snapshot without one gives it on the router's clock.
 */
function routerTime(snapshot: AnalysisSnapshot, ms: number): string {
  if (typeof snapshot.clockAt !== 'number') return `${formatNumber(ms / 1000)} s on the router's clock`;
  return formatTime(Date.parse(snapshot.at) - (snapshot.clockAt - ms));
}
