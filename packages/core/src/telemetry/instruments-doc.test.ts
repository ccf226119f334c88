import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ATTR, INSTRUMENTS } from './instruments.js';

// docs/telemetry.md's instrument table is the README's: it must say what instruments.ts defines.
const doc = readFileSync(new URL('../../docs/telemetry.md', import.meta.url), 'utf8');
const table = doc.slice(doc.indexOf('<!-- instruments:start -->'), doc.indexOf('<!-- instruments:end -->'));
const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const rows = table
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );

describe('the instrument table in docs/telemetry.md', () => {
  it('lists every instrument with its kind, unit and attributes, and nothing else', () => {
    const documented = rows.map(([name, kind, unit, attributes]) => ({
      name: codes(name!)[0],
      kind: kind!.replace(' ', '_'),
      unit: codes(unit!)[0],
      attributes: codes(attributes!),
    }));
    const defined = Object.values(INSTRUMENTS).map(({ name, kind, unit, attributes }) => ({
      name,
      kind,
      unit,
      attributes: [...attributes],
    }));
    expect(documented).toEqual(defined);
  });

  it('documents every attribute key', () => {
    for (const key of Object.values(ATTR))
      expect(doc).toMatch(new RegExp(`\\| \`${key.replaceAll('.', '\\.')}\` +\\|`));
  });
});

describe('the instrument table in the root README', () => {
  it('is the same table as docs/telemetry.md', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    expect(readme.slice(readme.indexOf('<!-- instruments:start -->'), readme.indexOf('<!-- instruments:end -->'))).toBe(
      table,
    );
  });
});
