import { describe, expect, it, vi } from 'vitest';
import { isModelrouteError, ModelrouteError } from './modelroute-error.js';

describe('ModelrouteError', () => {
  it('is recognised across copies of the module (each built entry, the ESM and the CommonJS build has one)', async () => {
    vi.resetModules();
    const copy = await import('./modelroute-error.js');
    expect(copy.ModelrouteError).not.toBe(ModelrouteError); // a second copy indeed
    const theirs = new copy.ModelrouteError('invalid_options', 'from the other copy');
    expect(theirs instanceof ModelrouteError).toBe(true);
    expect(isModelrouteError(theirs, 'invalid_options')).toBe(true);
    expect(isModelrouteError(theirs, 'router_closed')).toBe(false);
    expect(copy.isModelrouteError(new ModelrouteError('model_timeout', 'ours'), 'model_timeout')).toBe(true);
  });

  it('is not anything else with a name and a code, and a subclass checks its own instances', () => {
    const lookalike = Object.assign(new Error('x'), { name: 'ModelrouteError', code: 'invalid_options' });
    expect([lookalike instanceof ModelrouteError, isModelrouteError(lookalike), isModelrouteError(null)]).toEqual([
      false,
      false,
      false,
    ]);
    class Narrower extends ModelrouteError {}
    expect(new ModelrouteError('no_model', 'x') instanceof Narrower).toBe(false);
    expect(new Narrower('no_model', 'x') instanceof Narrower).toBe(true);
    expect(new Narrower('no_model', 'x') instanceof Error).toBe(true);
  });
});
