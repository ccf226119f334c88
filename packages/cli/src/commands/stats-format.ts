/** Number and table formatting for `sample-size` and `analyze` (people only; --json keeps full precision). */

/** Four significant digits, exponent form outside [1e-4, 1e6). */
export function num(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

/** An expected count: one decimal (never rounded to four digits like {@link num}). */
export const count = (x: number): string => (Math.abs(x) >= 1e9 ? num(x) : String(Number(x.toFixed(1))));

/** {@link num} with an explicit sign. */
export const signed = (x: number): string => (x > 0 ? `+${num(x)}` : num(x));

/** A p-value: three significant digits, exponent form below 1e-4 (never rounded onto alpha). */
export function pValue(p: number): string {
  if (p === 0) return '0';
  return p < 1e-4 ? p.toExponential(1) : String(Number(p.toPrecision(3)));
}

/** A share or rate as a percentage with three significant digits. */
export const percent = (x: number, sign = false): string =>
  `${sign ? signed(Number((x * 100).toPrecision(3))) : num(Number((x * 100).toPrecision(3)))}%`;

/** An interval `[lo, hi]` with each end formatted by `f`. */
export const interval = ([lo, hi]: readonly [number, number], f: (x: number) => string): string =>
  `[${f(lo)}, ${f(hi)}]`;

/** Columns padded to their widest cell; columns listed in `right` are right-aligned. Indented by two spaces. */
export function table(rows: readonly (readonly string[])[], right: readonly number[] = []): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  return rows.map(
    (row) =>
      `  ${row
        .map((cell, c) => (right.includes(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd()}`,
  );
}
