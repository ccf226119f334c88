import type { RuleGroup } from './rule-types.js';

type Yaml = string | number | boolean | readonly Yaml[] | { readonly [key: string]: Yaml };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A string scalar: a literal block (`|-`) for multi-line text, else double-quoted (JSON's escapes are YAML's). */
function scalar(s: string, indent: string): string {
  if (!s.includes('\n') || /^\s/.test(s) || /\s$/m.test(s) || /[^\n\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]/.test(s))
    return JSON.stringify(s);
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
    .map(([key, v]) => `\n${indent}${PLAIN_KEY.test(key) ? key : JSON.stringify(key)}:${emit(v, `${indent}  `)}`)
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
