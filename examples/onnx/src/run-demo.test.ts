import { describe, expect, it } from 'vitest';
import { runDemo } from './run-demo.mjs';

describe('onnx example', () => {
  it('answers every call from the ONNX model on a worker thread and records shadow pairs, none failed', async () => {
    const result = await runDemo({ calls: 60, users: 10 });
    expect(result.modelBytes).toBeGreaterThan(100_000);
    expect(result.scores).toHaveLength(60);
    expect(result.scores.every((s: number) => s > 0 && s < 1)).toBe(true);
    expect(result.pairs).toBeGreaterThan(0); // copies the shadow's one thread could not take were dropped
    expect(Object.keys(result.outcomes)).toEqual(['ok']);
  });
});
