/**
 * How the series of a plot are told apart without colour: each has a dash pattern, a marker shape and a
 * label at its end; the colours (Okabe-Ito, safe for colour blindness) only help.
 */
export interface SeriesStyle {
  readonly color: string;
  /** `stroke-dasharray`; '' for a solid line. */
  readonly dash: string;
  readonly marker: 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';
}

const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const DASHES = ['', '7 4', '2 3', '9 3 2 3', '4 2', '1 2', '12 4'];
const MARKERS: SeriesStyle['marker'][] = ['circle', 'square', 'triangle', 'diamond', 'cross'];

/** The style of the `index`-th series (stable order: a variant keeps its style across the page's plots). */
export const seriesStyle = (index: number): SeriesStyle => ({
  color: COLORS[index % COLORS.length]!,
  dash: DASHES[index % DASHES.length]!,
  marker: MARKERS[index % MARKERS.length]!,
});

/** An SVG marker of `style`'s shape centred at (x, y). */
export function markerSvg(style: SeriesStyle, x: number, y: number, size = 3.5): string {
  const p = (n: number) => n.toFixed(1);
  const common = `fill="${style.color}" stroke="${style.color}"`;
  switch (style.marker) {
    case 'circle':
      return `<circle cx="${p(x)}" cy="${p(y)}" r="${size}" ${common}/>`;
    case 'square':
      return `<rect x="${p(x - size)}" y="${p(y - size)}" width="${size * 2}" height="${size * 2}" ${common}/>`;
    case 'triangle':
      return `<path d="M${p(x)} ${p(y - size - 1)}L${p(x + size + 1)} ${p(y + size)}L${p(x - size - 1)} ${p(y + size)}Z" ${common}/>`;
    case 'diamond':
      return `<path d="M${p(x)} ${p(y - size - 1)}L${p(x + size + 1)} ${p(y)}L${p(x)} ${p(y + size + 1)}L${p(x - size - 1)} ${p(y)}Z" ${common}/>`;
    case 'cross':
      return `<path d="M${p(x - size)} ${p(y - size)}L${p(x + size)} ${p(y + size)}M${p(x - size)} ${p(y + size)}L${p(x + size)} ${p(y - size)}" fill="none" stroke="${style.color}" stroke-width="2"/>`;
  }
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}
