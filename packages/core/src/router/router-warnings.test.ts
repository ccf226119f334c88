import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { memorySource } from '../sources/memory-source.js';
import type { ModelrouteWarning } from '../vocabulary/warning.js';
import { createRouter } from './create-router.js';

const models = { v3: (x: number) => x * 3, v4: (x: number) => x * 4 };
const good = { routes: { fraud: { champion: 'v3', weights: { v3: 90, v4: 10 } } } };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createRouter({ onWarning })', () => {
  it('gets every warning of the router, with its code, and process.emitWarning gets none', async () => {
    const processWarnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const warnings: ModelrouteWarning[] = [];
    const source = memorySource({ routes: { fraud: { champion: 'v9', weights: { v9: 1 } } } });
    const router = await createRouter({
      route: 'fraud',
      models,
      source,
      fallback: 'v3',
      clock: manualClock(),
      onWarning: (warning) => warnings.push(warning),
    });
    expect(warnings).toEqual([
      {
        code: 'MODELROUTE_DOCUMENT_REJECTED',
        message: expect.stringContaining('answering with the fallback "v3"'),
      },
    ]);
    router.on('applied', () => {
      throw new Error('listener bug');
    });
    source.set(good);
    expect(router.configVersion).toBeDefined();
    expect(warnings[1]).toEqual({
      code: 'MODELROUTE_LISTENER_FAILED',
      message: expect.stringContaining('a "applied" listener of route "fraud" threw; the router caught it'),
    });
    expect(processWarnings).not.toHaveBeenCalled();
    await router.close();
  });

  it('goes to process.emitWarning by default, with the type ModelrouteWarning and the code', async () => {
    const processWarnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const router = await createRouter({ route: 'fraud', models, source: memorySource({ routes: {} }), fallback: 'v3' });
    expect(processWarnings).toHaveBeenCalledWith(expect.stringContaining('has no route "fraud"'), {
      type: 'ModelrouteWarning',
      code: 'MODELROUTE_DOCUMENT_REJECTED',
    });
    await router.close();
  });

  it('survives a handler that throws', async () => {
    const router = await createRouter({
      route: 'fraud',
      models,
      source: memorySource({ routes: {} }),
      fallback: 'v3',
      onWarning: () => {
        throw new Error('handler bug');
      },
    });
    await expect(router.predict(1, { unit: 'u' })).resolves.toBe(3);
    await router.close();
  });

  it('must be a function', async () => {
    await expect(
      createRouter({ route: 'fraud', models, source: memorySource(good), fallback: 'v3', onWarning: 'log' as never }),
    ).rejects.toMatchObject({ code: 'invalid_options', message: expect.stringContaining('`onWarning`') });
  });
});

describe('the Router a user holds', () => {
  it('has typed on, off and once, and no emit, start or constructor of its own', async () => {
    const router = await createRouter({ route: 'fraud', models, source: memorySource(good), fallback: 'v3' });
    const seen: string[] = [];
    const onApplied = () => seen.push('on');
    expect(router.on('applied', onApplied).once('rejected', () => seen.push('once'))).toBe(router);
    expect('emit' in router).toBe(false);
    expect('start' in router).toBe(false);
    router.off('applied', onApplied);
    await router.close();
  });
});
