import { escapeHtml, formatTime } from './html.js';
import type { ReportData } from './report-data.js';
import type { TimelineEntry } from './route-timeline.js';
import { lineChart } from './svg-line-chart.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Rows a table shows: the most recent ones. A longer history is all in the weights plot, and entry by
 * entry in `modelroute history` (a page of 10,000 rows is neither readable nor quick to open).
 */
export const MAX_ROWS = 500;

/** The last {@link MAX_ROWS} of `items`, and a sentence on the ones left out. */
function recent<T>(items: readonly T[], what: string, data: ReportData): { shown: readonly T[]; note: string } {
  if (items.length <= MAX_ROWS) return { shown: items, note: '' };
  return {
    shown: items.slice(-MAX_ROWS),
    note: `<p class="none">The ${MAX_ROWS} most recent ${what} of ${items.length}; all are in the history: <code>modelroute history ${escapeHtml(data.file)} --route ${escapeHtml(data.route)}</code>.</p>`,
  };
}

const weightsText = (w: TimelineEntry['weights']): string =>
  w === undefined
    ? '(removed)'
    : Object.entries(w)
        .map(([v, n]) => `${v} ${n}`)
        .join(' · ');

/** Weights over time: a step line per variant, with a marker at every change. */
export function weightsSection(data: ReportData, styleOf: (variant: string) => number): string {
  const names = new Set<string>();
  for (const e of data.timeline) for (const v of Object.keys(e.weights ?? {})) names.add(v);
  const withWeights = data.timeline.filter((e) => e.weights !== undefined && e.approval === undefined);
  const series = [...names].map((name) => ({
    name,
    styleIndex: styleOf(name),
    points: withWeights.map((e) => [e.at, e.weights![name] ?? 0] as const),
  }));
  const { shown, note } = recent(data.timeline, 'changes', data);
  const rows = shown
    .map(
      (e) =>
        `<tr><td class="num">${e.seq}</td><td class="time">${formatTime(e.at)}</td><td>${escapeHtml(e.actor)}</td><td>${escapeHtml(e.action)}</td><td>${escapeHtml(weightsText(e.weights))}</td><td>${escapeHtml(e.reason ?? '')}<div class="summary">${escapeHtml(e.summary)}</div></td></tr>`,
    )
    .join('');
  return `<section id="weights"><h2>Weights over time</h2>${lineChart(series, {
    id: 'weights',
    title: `Traffic weights of ${data.route} (%), every change from the history`,
    yLabel: 'weight %',
    format: (v) => `${v}%`,
    step: true,
    yMin: 0,
    yMax: 100,
    to: data.generatedAt,
  })}<h3>Changes (${data.timeline.length})</h3>${
    data.timeline.length === 0
      ? '<p class="none">The history has no entry for this route.</p>'
      : `${note}<table class="changes"><thead><tr><th>#</th><th>when (UTC)</th><th>who</th><th>action</th><th>weights after</th><th>why</th></tr></thead><tbody>${rows}</tbody></table>`
  }</section>`;
}

/** A controller's stage decision (`StageDecision`) in words, or undefined when the evidence is not one. */
function stageDecision(evidence: unknown): string | undefined {
  if (!isObject(evidence) || typeof evidence.action !== 'string' || typeof evidence.code !== 'string') return undefined;
  const facts = isObject(evidence.evidence) ? evidence.evidence : {};
  const metrics = Array.isArray(facts.metrics)
    ? facts.metrics
        .filter(isObject)
        .map(
          (m) =>
            `${String(m.name)}: ${String(m.verdict)}, n ${Array.isArray(m.n) ? m.n.join(' / ') : '?'}${Array.isArray(m.ci) ? `, CI [${m.ci.map((x) => Number(x).toPrecision(3)).join(', ')}]` : ''}`,
        )
    : [];
  const srm = isObject(facts.srm)
    ? `SRM p ${Number(facts.srm.pValue).toPrecision(3)}${facts.srm.mismatch ? ' (mismatch)' : ''}`
    : '';
  const trip = isObject(facts.trip) ? `guard ${String(facts.trip.state)} (${String(facts.trip.trigger)})` : '';
  return [
    `<strong>${escapeHtml(evidence.action)}</strong> (${escapeHtml(evidence.outcome ?? '')}, ${escapeHtml(evidence.code)})`,
    escapeHtml(evidence.reason ?? ''),
    ...[srm, trip, ...metrics].filter((s) => s !== '').map(escapeHtml),
  ].join('<br>');
}

/** A gate's approvals (`{ approvals: [{ actor, at, reason }] }`) in words. */
function gateDecision(evidence: unknown): string | undefined {
  if (!isObject(evidence) || !Array.isArray(evidence.approvals)) return undefined;
  return `<strong>gate passed</strong>: approved by ${evidence.approvals
    .filter(isObject)
    .map((a) => `${escapeHtml(a.actor)} at ${escapeHtml(a.at)}${a.reason ? ` (${escapeHtml(a.reason)})` : ''}`)
    .join(', ')}`;
}

/** The controller's and the gate's decisions: every history entry with evidence, and every approval. */
export function decisionsSection(data: ReportData): string {
  const decisions = data.timeline.filter((e) => e.evidence !== undefined || e.approval !== undefined);
  const { shown, note } = recent(decisions, 'decisions', data);
  const rows = shown.map((e) => {
    const words =
      stageDecision(e.evidence) ??
      gateDecision(e.evidence) ??
      (e.approval ? `<strong>approval</strong> to promote ${escapeHtml(e.approval.variant)}` : escapeHtml(e.summary));
    const raw = e.evidence === undefined ? '' : JSON.stringify(e.evidence, null, 1);
    const details =
      raw === ''
        ? ''
        : `<details><summary>evidence</summary><pre>${escapeHtml(raw.length > 4000 ? `${raw.slice(0, 4000)}…` : raw)}</pre></details>`;
    return `<tr><td class="num">${e.seq}</td><td class="time">${formatTime(e.at)}</td><td>${escapeHtml(e.actor)}</td><td>${escapeHtml(e.action)}</td><td>${words}${details}</td></tr>`;
  });
  return `<section id="decisions"><h2>Decisions and their evidence</h2>${
    rows.length === 0
      ? '<p class="none">No history entry carries evidence (a controller\'s decision, a gate\'s approvals).</p>'
      : `${note}<table class="decisions"><thead><tr><th>#</th><th>when (UTC)</th><th>who</th><th>action</th><th>decision and evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  }</section>`;
}
