import { describe, expect, it } from 'vitest';
import { ModelrouteError } from '../errors/modelroute-error.js';
import { runnerFixture } from './shadow.test-support.js';

// A model with a bounded queue of its own (workerModel) rejects a call it has no room for with
// `model_overloaded`, and a call over its own time limit with `model_timeout`.
describe('ShadowRunner and the errors a model raises through modelroute', () => {
  it('counts a shadow copy rejected with model_overloaded as dropped (capacity), not as an error of the model', async () => {
    const f = await runnerFixture(
      {
        v3: (x: number) => x,
        v5: async () => {
          throw new ModelrouteError('model_overloaded', 'full');
        },
      },
      [{ model: 'v5', fraction: 1 }],
    );
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, 'u');
    f.scheduler.runDeferred();
    await Promise.resolve();
    await Promise.resolve();
    expect(f.metrics.events).toEqual(['dropped v5 capacity']);
    expect(f.runner.inFlight).toBe(0);
  });

  it("classifies a model's own model_timeout as a timeout", async () => {
    const f = await runnerFixture(
      {
        v3: (x: number) => x,
        v5: async () => {
          throw new ModelrouteError('model_timeout', 'slow');
        },
      },
      [{ model: 'v5', fraction: 1 }],
    );
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, 'u');
    f.scheduler.runDeferred();
    await Promise.resolve();
    await Promise.resolve();
    expect(f.metrics.events).toEqual(['prediction v5 shadow timeout', 'dropped v5 timeout', 'compared v5 error']);
  });
});
