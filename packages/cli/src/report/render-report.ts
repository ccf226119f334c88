import { experimentSection, guardSection, reviewsSection } from './analysis-sections.js';
import { fleetSection } from './fleet-section.js';
import { decisionsSection, weightsSection } from './history-section.js';
import { escapeHtml, formatTime } from './html.js';
import type { ReportData } from './report-data.js';
import { type Answer, headline } from './report-headline.js';
import { REPORT_CSS } from './report-style.js';

const ANSWER_WORDS: Readonly<Record<Answer, string>> = {
  stop: '✕ STOP',
  review: '! REVIEW FIRST',
  wait: '… WAIT',
  'go-on': '✓ SAFE TO GO ON',
  'no-evidence': '? NO EVIDENCE',
};

/** The variants in a stable order (champion first), so each keeps one style on every plot. */
function variantOrder(data: ReportData): (variant: string) => number {
  const order = new Map<string, number>();
  const add = (v: string) => order.has(v) || order.set(v, order.size);
  add(data.document.champion);
  for (const v of Object.keys(data.document.weights)) add(v);
  for (const e of data.timeline) for (const v of Object.keys(e.weights ?? {})) add(v);
  return (v) => {
    add(v);
    return order.get(v)!;
  };
}

/** JSON that is safe inside a `<script>` element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The report as one self-contained HTML page: styles inline, plots as inline SVG, the data behind them as
 * JSON in the page; a Content-Security-Policy that allows no request and no script.
 */
export function renderReport(data: ReportData): string {
  const h = headline(data);
  const styleOf = variantOrder(data);
  const title = `Rollout report: ${data.route}`;
  const line = `${h.stage} · weights ${h.weights} · ${h.verdicts} · ${h.trips} · ${h.reviews}`;
  const header = `<header><h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(data.file)} · version <code>${escapeHtml(data.version)}</code> · champion <strong>${escapeHtml(data.document.champion)}</strong> · generated ${formatTime(data.generatedAt)}</p>
<div class="answer ${h.answer}" data-answer="${h.answer}"><div class="verdict">${ANSWER_WORDS[h.answer]}: ${escapeHtml(h.because)}</div><div class="line">${escapeHtml(line)}</div>
<dl><dt>Stage</dt><dd>${escapeHtml(h.stage)}</dd><dt>Weights</dt><dd>${escapeHtml(h.weights)}</dd><dt>Verdicts</dt><dd>${escapeHtml(h.verdicts)}</dd><dt>Guard</dt><dd>${escapeHtml(h.trips)}</dd><dt>Reviews</dt><dd>${escapeHtml(h.reviews)}</dd></dl></div></header>`;
  const body = [
    header,
    weightsSection(data, styleOf),
    fleetSection(data.fleet, styleOf),
    experimentSection(data.snapshot, data.document.weights),
    reviewsSection(data.snapshot),
    guardSection(data.snapshot),
    decisionsSection(data),
    `<footer>Made by <code>modelroute report</code> from ${escapeHtml(data.file)} and its history (${data.timeline.length} entries for this route)${data.snapshot ? `, the analysis snapshot of ${escapeHtml(data.snapshot.at)}` : ''}${data.fleet ? ', and Prometheus' : ''}. The data behind the page is in the <code>#report-data</code> element.</footer>`,
  ].join('\n');
  const embedded = {
    route: data.route,
    version: data.version,
    generatedAt: formatTime(data.generatedAt),
    document: data.document,
    snapshot: data.snapshot ?? null,
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${REPORT_CSS}</style></head>
<body>${body}
<script type="application/json" id="report-data">${scriptJson(embedded)}</script>
</body></html>
`;
}
