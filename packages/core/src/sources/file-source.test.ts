import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAssigner } from '../assignment/assigner.js';
import { createRouter } from '../router/create-router.js';
import type { Decision } from '../vocabulary/decision.js';
import type { Router } from '../router/router.js';
import { fileSource } from './file-source.js';
import type { RolloutSource } from './source.js';
import { captureWarnings } from '../errors/capture-warnings.test-support.js';

const models = { stable: (x: number) => x, canary: (x: number) => x + 1000, fallback: (x: number) => -x };
const docFor = (weights: Record<string, number>, version: string) => ({
  routes: { fraud: { champion: 'stable', weights, version, salt: 'file-test' } },
});

// Waits for the router's next event of `name`; the deadline only stops a broken test from hanging.
function next(router: Router<number, number>, name: 'applied' | 'rejected', deadlineMs = 5000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${name}" event within ${deadlineMs} ms`)), deadlineMs);
    router.once(name, (event: unknown) => {
      clearTimeout(timer);
      resolve(event);
    });
  });
}

describe('fileSource', () => {
  let dir: string;
  let file: string;
  let source: RolloutSource;
  let router: Router<number, number>;
  const writeAtomic = (value: unknown): void => {
    writeFileSync(`${file}.tmp`, typeof value === 'string' ? value : JSON.stringify(value));
    renameSync(`${file}.tmp`, file);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'modelroute-file-'));
    file = join(dir, 'rollout.json');
  });
  afterEach(async () => {
    await router?.close();
    await source?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows live edits, atomic renames, torn writes, deletion and re-creation with no failed or wrongly routed call', async () => {
    const docs = new Map<string, Record<string, number>>();
    const write = (weights: Record<string, number>, version: string, how: 'atomic' | 'in-place'): void => {
      docs.set(version, weights);
      if (how === 'atomic') writeAtomic(docFor(weights, version));
      else writeFileSync(file, JSON.stringify(docFor(weights, version)));
    };
    write({ stable: 95, canary: 5 }, 'v1', 'atomic');
    source = fileSource(file);
    router = await createRouter({ route: 'fraud', models, source, fallback: 'fallback' });
    expect(router.configVersion).toBe('v1');

    // Traffic runs the whole time; every call is checked afterwards against the document it saw.
    const calls: Array<{ unit: string; decision: Decision; output: number }> = [];
    const failures: unknown[] = [];
    let running = true;
    const traffic = (async () => {
      for (let i = 0; running; i++) {
        const unit = `user-${i % 500}`;
        try {
          const { decision, output } = await router.predictDetailed(i, { unit });
          calls.push({ unit, decision, output: output - i });
        } catch (error) {
          failures.push(error);
        }
        await new Promise((r) => setImmediate(r));
      }
    })();

    const applied = next(router, 'applied');
    write({ stable: 80, canary: 20 }, 'v2', 'in-place');
    await applied;
    expect(router.configVersion).toBe('v2');

    const applied3 = next(router, 'applied');
    write({ stable: 50, canary: 50 }, 'v3', 'atomic');
    await applied3;
    expect(router.configVersion).toBe('v3');

    const rejected = next(router, 'rejected');
    writeFileSync(file, JSON.stringify(docFor({ stable: 0, canary: 100 }, 'v4')).slice(0, 30)); // a torn write
    expect(await rejected).toMatchObject({ keptVersion: 'v3', reason: expect.stringContaining('not valid JSON') });
    expect(router.configVersion).toBe('v3');
    const applied4 = next(router, 'applied');
    write({ stable: 0, canary: 100 }, 'v4', 'in-place');
    await applied4;

    const gone = new Promise<void>((resolve) => {
      const sub = source.subscribe((u) => u.type === 'absent' && (queueMicrotask(() => sub.unsubscribe()), resolve()));
    });
    rmSync(file);
    await gone; // the source has seen the deletion (an event, not a sleep)
    expect(router.configVersion).toBe('v4');

    const applied5 = next(router, 'applied');
    write({ stable: 100, canary: 0 }, 'v5', 'atomic');
    await applied5;
    expect(router.configVersion).toBe('v5');
    const seenFrom = calls.length;
    while (calls.length < seenFrom + 10) await new Promise((r) => setImmediate(r));

    running = false;
    await traffic;
    expect(failures).toEqual([]);
    expect(calls.length).toBeGreaterThan(500);
    const { assign } = await createAssigner();
    const versionsSeen = new Set<string>();
    const wrong: unknown[] = [];
    for (const { unit, decision, output } of calls) {
      const weights = docs.get(decision.configVersion ?? 'none');
      versionsSeen.add(decision.configVersion ?? 'none');
      const expected = weights && assign('file-test', unit, weights);
      if (decision.variant !== expected || output !== (expected === 'canary' ? 1000 : 0))
        wrong.push({ unit, decision, output });
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect([...versionsSeen].sort()).toEqual(expect.arrayContaining(['v2', 'v3', 'v5']));
  });

  it('means fallback while the file is missing, and applies it when it appears', async () => {
    source = fileSource(file);
    router = await createRouter({ route: 'fraud', models, source, fallback: 'fallback' });
    expect(router.decide('u1')).toMatchObject({ variant: 'fallback', reason: 'fallback' });
    expect(await router.predict(7, { unit: 'u1' })).toBe(-7);
    const applied = next(router, 'applied');
    writeAtomic(docFor({ canary: 1 }, 'late'));
    await applied;
    expect(router.decide('u1')).toMatchObject({ variant: 'canary', configVersion: 'late' });
  });

  it('starts on the fallback when the file is invalid, then applies the first good write', async () => {
    const warnings = captureWarnings();
    writeFileSync(file, '{ "routes": { "fraud": { "champion": "stable", "weights": { "stable": -5 } } } }');
    source = fileSource(file);
    router = await createRouter({ route: 'fraud', models, source, fallback: 'fallback' });
    expect(router.decide('u')).toMatchObject({ reason: 'fallback' });
    expect(warnings).toEqual([
      {
        code: 'MODELROUTE_DOCUMENT_REJECTED',
        message: `modelroute: route "fraud" rejected a document from file:${file}; answering with the fallback "fallback": routes.fraud.weights.stable: must be 0 or a number from 1e-9 to 1000000000 (only the ratios matter: scale the weights into this range), got -5`,
      },
    ]);
    const applied = next(router, 'applied');
    writeAtomic(docFor({ stable: 1 }, 'fixed'));
    await applied;
    expect(router.decide('u')).toMatchObject({ reason: 'weighted', configVersion: 'fixed' });
  });

  it('serves several routers (routes) from one file', async () => {
    writeAtomic({
      routes: { a: { champion: 'stable', weights: { stable: 1 } }, b: { champion: 'canary', weights: { canary: 1 } } },
    });
    source = fileSource(file);
    const a = await createRouter({ route: 'a', models, source, fallback: 'fallback' });
    const b = await createRouter({ route: 'b', models, source, fallback: 'fallback' });
    expect(a.decide('u').variant).toBe('stable');
    expect(b.decide('u').variant).toBe('canary');
    router = a;
    const changed = next(b, 'applied');
    writeAtomic({
      routes: { a: { champion: 'stable', weights: { stable: 1 } }, b: { champion: 'canary', weights: { stable: 1 } } },
    });
    await changed;
    expect(b.decide('u').variant).toBe('stable');
    await b.close();
  });

  it('picks changes up by the poll alone when watch events are off, within pollIntervalMs', async () => {
    writeAtomic(docFor({ stable: 1 }, 'p1'));
    source = fileSource(file, { watch: false, pollIntervalMs: 20 });
    router = await createRouter({ route: 'fraud', models, source, fallback: 'fallback' });
    expect(router.configVersion).toBe('p1');
    const applied = next(router, 'applied');
    writeFileSync(file, JSON.stringify(docFor({ canary: 1 }, 'p2')));
    await applied;
    expect(router.decide('u')).toMatchObject({ variant: 'canary', configVersion: 'p2' });
  });

  it('refuses nonsense timings with a clear error', () => {
    expect(() => fileSource(file, { pollIntervalMs: -1 })).toThrow(
      'fileSource: pollIntervalMs must be a non-negative number of milliseconds, got -1',
    );
    expect(() => fileSource(file, { debounceMs: Number.NaN })).toThrow(/debounceMs must be a non-negative number/);
  });
});
