import { describe, expect, it } from 'vitest';
import { runDemo } from './run-demo.js';

describe('champion-challenger example', () => {
  it('the 10% challenger is promoted by the controller (gate.mode auto) after winning for minDays, recorded with the evidence', async () => {
    const lines: string[] = [];
    const result = await runDemo({ log: (line) => lines.push(line) });
    expect(result.readyOnDay).toBeGreaterThanOrEqual(3);
    expect(result.ready).toMatchObject({
      challenger: 'offers-v2',
      ready: true,
      model: { id: 'offers-v2', version: '2026.11', owner: 'offers-team' },
      championModel: { id: 'offers-v1' },
    });
    // The status the day it opened: ready, every condition holding, with its figures.
    expect(result.statusWhenReady).toContain('gate: auto, minDays 3');
    expect(result.statusWhenReady).toMatch(/READY \(snapshot .*\): beats offers-v1 on "accepted"/);
    expect(result.statusWhenReady).toMatch(/\[x\] lift [\d.]+%, MDE 10%/);
    expect(result.statusWhenReady).toMatch(/\[x\] guardrail "latency_ms"/);
    expect(result.statusWhenReady).not.toContain('[ ]');
    expect(result.promotion).toMatchObject({ challenger: 'offers-v2', champion: 'offers-v1', changed: true });
    expect(result).toMatchObject({
      champion: 'offers-v2',
      weights: { 'offers-v1': 0, 'offers-v2': 100 },
      rollbackTo: 'offers-v1',
      verified: true,
    });
    const entry = result.history.at(-1)!;
    expect(entry).toMatchObject({ action: 'promote', actor: 'modelroute-controller' });
    expect(JSON.stringify(entry.evidence)).toContain('"metric":"accepted"');
    expect(lines.filter((l) => l.startsWith('gate ready'))).toHaveLength(1);
  });
});
