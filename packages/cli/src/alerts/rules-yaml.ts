import type { RuleGroup } from './rule-types.js';

type Yaml = string | number | boolean | readonly Yaml[] | { readonly [key: string]: Yaml };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

// What JSON.stringify leaves as it is but YAML must not see raw: DEL and the C1 controls (outside YAML's
// printable set, or, for NEL U+0085, a line break that folds into a space), U+2028 and U+2029 (line
// breaks), the byte order mark, and the non-characters U+FFFE and U+FFFF.
const UNSAFE_AFTER_JSON = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

/** A double-quoted YAML scalar of `s`, every character outside YAML's printable set (and line breaks) escaped. */
function quoted(s: string): string {
  return JSON.stringify(s).replace(UNSAFE_AFTER_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Characters a literal block may hold as they are: printable, and no line break but \n.
const LITERAL_SAFE = /^[\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;

/** A string scalar: a literal block (`|-`) for multi-line printable text, else double-quoted ({@link quoted}). */
function scalar(s: string, indent: string): string {
  if (!s.includes('\n') || /^\s/.test(s) || /\s$/m.test(s) || !LITERAL_SAFE.test(s)) return quoted(s);
  return `|-\n${s
    .split('\n')
    .map((line) => `${indent}${line}`)
    .join('\n')}`;
}

function emit(value: Yaml, indent: string): string {
  if (typeof value === 'string') return ` ${scalar(value, indent)}`;
  if (typeof value !== 'object') return ` ${String(value)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value.map((item) => `\n${indent}-${emit(item, `${indent}  `).replace(/^\n\s*/, ' ')}`).join('');
  }
  const entries = Object.entries(value as Record<string, Yaml>);
  if (entries.length === 0) return ' {}';
  return entries
    .map(([key, v]) => `\n${indent}${PLAIN_KEY.test(key) ? key : quoted(key)}:${emit(v, `${indent}  `)}`)
    .join('');
}

/**
 * Rule groups as a Prometheus rule file (YAML), with `header` as comment lines on top. Keys are plain
 * or quoted, every string is double-quoted, PromQL expressions are literal blocks.
 */
export function formatRuleGroups(groups: readonly RuleGroup[], header: readonly string[] = []): string {
  const comments = header.map((line) => `# ${line}\n`).join('');
  return `${comments}groups:${emit(groups as unknown as Yaml, '  ')}\n`;
}
