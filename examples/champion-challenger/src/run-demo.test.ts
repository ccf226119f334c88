import { describe, expect, it } from 'vitest';
import { runDemo } from './run-demo.js';

describe('champion-challenger example', () => {
  it('the 10% challenger is promoted by the gate after winning for minDays, with the evidence in the history', async () => {
    const lines: string[] = [];
    const result = await runDemo({ log: (line) => lines.push(line) });
    expect(result.readyOnDay).toBeGreaterThanOrEqual(3);
    expect(result.ready).toMatchObject({ challenger: 'offers-v2', ready: true });
    expect(result).toMatchObject({
      champion: 'offers-v2',
      weights: { 'offers-v1': 0, 'offers-v2': 100 },
      rollbackTo: 'offers-v1',
    });
    const entry = result.history.at(-1)!;
    expect(entry).toMatchObject({ action: 'promote', actor: 'gate' });
    expect(JSON.stringify(entry.evidence)).toContain('"metric":"accepted"');
    expect(lines.filter((l) => l.startsWith('gate ready'))).toHaveLength(1);
  });
});
