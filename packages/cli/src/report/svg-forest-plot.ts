import type { MetricAnalysis } from '@modelroute/core';
import { niceTicks } from './chart-style.js';
import { escapeHtml, formatNumber } from './html.js';

const W = 880;
const ROW = 34;
const M = { left: 170, right: 330, top: 10, bottom: 34 };
const f = (n: number) => n.toFixed(1);

/** Verdicts in words and a glyph, so they read without colour. */
export const VERDICT_MARK: Readonly<Record<string, string>> = {
  better: '▲ better',
  worse: '▼ worse',
  inconclusive: '● inconclusive',
  collecting: '○ collecting',
  invalid: '✕ invalid (SRM)',
};

/**
 * A forest plot of one metric: per candidate, the difference from the champion (a square) and its
 * confidence interval (a bar), against the zero line; the verdict and the figures in words at the right.
 */
export function forestPlot(metric: MetricAnalysis, alpha: number): string {
  const title = `<figcaption>${escapeHtml(metric.name)}: difference from the champion, ${formatNumber((1 - alpha) * 100)}% CI (${escapeHtml(metric.kind)}, ${metric.direction === 'increase' ? 'higher is better' : 'lower is better'}, ${escapeHtml(metric.role)})</figcaption>`;
  const rows = metric.comparisons.filter((c) => Number.isFinite(c.ci[0]) && Number.isFinite(c.ci[1]));
  if (rows.length === 0)
    return `<figure class="plot empty" data-plot="forest:${escapeHtml(metric.name)}">${title}<p class="none">No comparison yet.</p></figure>`;
  const lo = Math.min(0, ...rows.map((c) => c.ci[0]));
  const hi = Math.max(0, ...rows.map((c) => c.ci[1]));
  const pad = (hi - lo || 1) * 0.08;
  const [from, to] = [lo - pad, hi + pad];
  const H = M.top + rows.length * ROW + M.bottom;
  const x = (v: number) => M.left + ((v - from) / (to - from)) * (W - M.left - M.right);
  const parts: string[] = [];
  for (const t of niceTicks(from, to, 5))
    parts.push(
      `<line class="grid" x1="${f(x(t))}" x2="${f(x(t))}" y1="${M.top}" y2="${H - M.bottom}"/>`,
      `<text class="tick" x="${f(x(t))}" y="${H - M.bottom + 15}" text-anchor="middle">${escapeHtml(formatNumber(t))}</text>`,
    );
  parts.push(
    `<line class="zero" x1="${f(x(0))}" x2="${f(x(0))}" y1="${M.top - 4}" y2="${H - M.bottom}"/>`,
    `<text class="axis-label" x="${f(x(0))}" y="${H - 4}" text-anchor="middle">0 = no difference</text>`,
  );
  rows.forEach((c, i) => {
    const cy = M.top + i * ROW + ROW / 2;
    const mark = VERDICT_MARK[c.verdict] ?? c.verdict;
    const lift =
      c.relativeLift === null ? '' : `, ${c.relativeLift >= 0 ? '+' : ''}${formatNumber(c.relativeLift * 100)}%`;
    parts.push(
      `<g class="row" data-variant="${escapeHtml(c.variant)}" data-verdict="${escapeHtml(c.verdict)}">`,
      `<text class="row-label" x="${M.left - 10}" y="${f(cy + 4)}" text-anchor="end">${escapeHtml(c.variant)} vs ${escapeHtml(c.against)}</text>`,
      `<line class="ci" x1="${f(x(c.ci[0]))}" x2="${f(x(c.ci[1]))}" y1="${f(cy)}" y2="${f(cy)}"/>`,
      `<line class="ci" x1="${f(x(c.ci[0]))}" x2="${f(x(c.ci[0]))}" y1="${f(cy - 6)}" y2="${f(cy + 6)}"/>`,
      `<line class="ci" x1="${f(x(c.ci[1]))}" x2="${f(x(c.ci[1]))}" y1="${f(cy - 6)}" y2="${f(cy + 6)}"/>`,
      `<rect class="estimate verdict-${escapeHtml(c.verdict)}" x="${f(x(c.difference) - 5)}" y="${f(cy - 5)}" width="10" height="10"/>`,
      `<text class="row-note" x="${W - M.right + 10}" y="${f(cy + 4)}">${escapeHtml(mark)}: ${escapeHtml(formatNumber(c.difference))} [${escapeHtml(formatNumber(c.ci[0]))}, ${escapeHtml(formatNumber(c.ci[1]))}]${escapeHtml(lift)}</text>`,
      `</g>`,
    );
  });
  return `<figure class="plot" data-plot="forest:${escapeHtml(metric.name)}">${title}<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="forest plot of ${escapeHtml(metric.name)}" data-points="${rows.length}">${parts.join('')}</svg></figure>`;
}
