import { markerSvg, niceTicks, seriesStyle } from './chart-style.js';
import { escapeHtml, formatTime } from './html.js';

/** One line of a plot: points as [epoch ms, value], in time order. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** Its index in the page's variant order (its style); default: its position. */
  readonly styleIndex?: number;
}

/** A time-series plot. */
export interface LineChartOptions {
  /** A stable name, for tests and links (`data-plot`). */
  readonly id: string;
  readonly title: string;
  /** The y axis' label. */
  readonly yLabel: string;
  /** Formats a y value for the axis and the end labels. */
  readonly format: (value: number) => string;
  /** Steps (a value holds until the next point: weights) instead of straight segments. Default false. */
  readonly step?: boolean;
  /** The time range; default: the points'. A step series extends to `to`. */
  readonly from?: number;
  readonly to?: number;
  /** Fixed y range; default: 0 to the largest value. */
  readonly yMin?: number;
  readonly yMax?: number;
  /** Draw a marker at each point when a series has at most this many. Default 200. */
  readonly maxMarkers?: number;
}

const W = 880;
const H = 250;
const M = { left: 58, right: 150, top: 14, bottom: 38 };
const f = (n: number) => n.toFixed(1);

/** The time ticks of [from, to]: about six, labelled as UTC date and time. */
function timeTicks(from: number, to: number): number[] {
  if (!(to > from)) return [from];
  const units = [1, 5, 15, 30, 60, 180, 360, 720, 1440, 2880, 10080].map((m) => m * 60_000);
  const unit = units.find((u) => (to - from) / u <= 7) ?? (to - from) / 6;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / unit) * unit; t <= to; t += unit) ticks.push(t);
  return ticks;
}

const timeLabel = (ms: number, span: number): string => {
  const iso = formatTime(ms);
  return span > 2 * 86_400_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
};

/**
 * A time-series plot as inline SVG: each series a line with its own dash pattern and markers, named at
 * its right end and in the legend, so it reads in print and without colour. No series with points: a
 * sentence instead of a plot.
 */
export function lineChart(series: readonly ChartSeries[], options: LineChartOptions): string {
  const drawn = series.filter((s) => s.points.length > 0);
  const title = `<figcaption>${escapeHtml(options.title)}</figcaption>`;
  if (drawn.length === 0)
    return `<figure class="plot empty" data-plot="${escapeHtml(options.id)}">${title}<p class="none">No data for this plot.</p></figure>`;
  const times = drawn.flatMap((s) => [s.points[0]![0], s.points.at(-1)![0]]);
  const from = options.from ?? Math.min(...times);
  const to = Math.max(options.to ?? Math.max(...times), from + 60_000);
  let yMax = options.yMax ?? 0;
  let yMin = options.yMin ?? 0;
  if (options.yMax === undefined) for (const s of drawn) for (const [, v] of s.points) if (v > yMax) yMax = v;
  if (options.yMin === undefined) for (const s of drawn) for (const [, v] of s.points) if (v < yMin) yMin = v;
  if (!(yMax > yMin)) yMax = yMin + 1;
  const x = (t: number) => M.left + ((t - from) / (to - from)) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - ((v - yMin) / (yMax - yMin)) * (H - M.top - M.bottom);
  const parts: string[] = [];
  for (const t of niceTicks(yMin, yMax, 4))
    parts.push(
      `<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${f(y(t))}" y2="${f(y(t))}"/>`,
      `<text class="tick" x="${M.left - 6}" y="${f(y(t) + 4)}" text-anchor="end">${escapeHtml(options.format(t))}</text>`,
    );
  for (const t of timeTicks(from, to))
    parts.push(
      `<line class="grid" x1="${f(x(t))}" x2="${f(x(t))}" y1="${M.top}" y2="${H - M.bottom}"/>`,
      `<text class="tick" x="${f(x(t))}" y="${H - M.bottom + 16}" text-anchor="middle">${timeLabel(t, to - from)}</text>`,
    );
  parts.push(
    `<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}"/>`,
    `<text class="axis-label" x="${M.left}" y="${H - 4}">time (UTC)</text>`,
    `<text class="axis-label" transform="translate(14 ${(H - M.bottom + M.top) / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(options.yLabel)}</text>`,
  );
  const labels: { y: number; text: string; color: string }[] = [];
  let total = 0;
  drawn.forEach((s, i) => {
    const style = seriesStyle(s.styleIndex ?? i);
    total += s.points.length;
    let d = '';
    // Points that fall in one pixel column are drawn as that column's vertical extent, then its last
    // value: a long history costs a path as wide as the plot, and a spike still shows.
    let column = NaN;
    let low = 0;
    let high = 0;
    let lastY = 0;
    const flush = () => {
      if (Number.isNaN(column)) return;
      d += d === '' ? `M${column} ${f(lastY)}` : options.step ? `H${column}V${f(lastY)}` : `L${column} ${f(lastY)}`;
      if (high - low > 0.5) d += `V${f(low)}V${f(high)}V${f(lastY)}`;
    };
    for (const [t, v] of s.points) {
      const px = Math.round(x(t) * 2) / 2;
      const py = y(v);
      if (px !== column) {
        flush();
        column = px;
        low = high = py;
      }
      low = Math.min(low, py);
      high = Math.max(high, py);
      lastY = py;
    }
    flush();
    const [lastT, lastV] = s.points.at(-1)!;
    if (options.step && to > lastT) d += `H${f(x(to))}`;
    parts.push(
      `<path class="series" data-series="${escapeHtml(s.name)}" d="${d}" fill="none" stroke="${style.color}" stroke-width="2" stroke-dasharray="${style.dash}"/>`,
    );
    if (s.points.length <= (options.maxMarkers ?? 200))
      parts.push(`<g class="markers">${s.points.map(([t, v]) => markerSvg(style, x(t), y(v))).join('')}</g>`);
    labels.push({ y: y(lastV), text: `${s.name} ${options.format(lastV)}`, color: style.color });
  });
  labels.sort((a, b) => a.y - b.y);
  for (let i = 1; i < labels.length; i++) labels[i]!.y = Math.max(labels[i]!.y, labels[i - 1]!.y + 13);
  for (const l of labels)
    parts.push(
      `<text class="end-label" x="${W - M.right + 8}" y="${f(l.y + 4)}" fill="${l.color}">${escapeHtml(l.text)}</text>`,
    );
  const legend = drawn
    .map((s, i) => {
      const style = seriesStyle(s.styleIndex ?? i);
      return `<span class="key"><svg width="34" height="12" aria-hidden="true"><line x1="1" x2="33" y1="6" y2="6" stroke="${style.color}" stroke-width="2" stroke-dasharray="${style.dash}"/>${markerSvg(style, 17, 6, 3)}</svg>${escapeHtml(s.name)}</span>`;
    })
    .join('');
  return `<figure class="plot" data-plot="${escapeHtml(options.id)}">${title}<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(options.title)}" data-points="${total}">${parts.join('')}</svg><div class="legend">${legend}</div></figure>`;
}
