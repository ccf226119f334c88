import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runDemo } from './run-demo.js';

describe('shadow example', () => {
  it('never changes an answer, and writes rotated, parseable pairs for both shadows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'modelroute-shadow-example-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const result = await runDemo({ dir, calls: 1200, users: 200, maxFileBytes: 32 * 1024, maxInFlight: 100_000 }); // no capacity drops, so counts are exact
    expect(result.callerMismatches).toBe(0);
    expect(result.files.length).toBeGreaterThan(1); // rotated
    const v4 = result.shadows.find((s) => s.model === 'fraud-v4')!;
    const v5 = result.shadows.find((s) => s.model === 'fraud-v5')!;
    // v4 is sampled per unit at 50%: about half of the 200 users, each with all 6 of their calls.
    expect(v4.units).toBeGreaterThan(70);
    expect(v4.units).toBeLessThan(130);
    expect(v4.pairs).toBe(v4.units * 6);
    expect(v4.outcomes).toEqual({ ok: v4.pairs });
    // v5 sees every call; its failures and hangs are recorded, not thrown.
    expect(v5.pairs).toBe(1200);
    expect(v5.outcomes.error).toBeGreaterThan(0);
    expect(v5.outcomes.timeout).toBeGreaterThan(0);
    expect(v5.comparisons.error).toBe((v5.outcomes.error ?? 0) + (v5.outcomes.timeout ?? 0));
    expect(result.lines).toBe(v4.pairs + v5.pairs);
  });

  it('a real process that awaits router.close() with a hung shadow finishes it, then exits on its own', async () => {
    // Shadow timers are unref'd; close()'s deadline is not, so a script's top-level await completes.
    const script = `
      import { createRouter, staticSource } from '@modelroute/core';
      const router = await createRouter({ route: 'r', fallback: 'a', models: { a: async (x) => x, b: () => new Promise(() => {}) },
        source: staticSource({ routes: { r: { champion: 'a', weights: { a: 1 }, shadow: [{ model: 'b', fraction: 1 }] } } }),
        shadow: { drainTimeoutMs: 200 } });
      console.log('answer', await router.predict(42));
      await router.close();
      console.log('closed');`;
    const cwd = join(dirname(fileURLToPath(import.meta.url)), '..');
    const run = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd,
      timeout: 20_000,
    }).catch((error: { stdout?: string; stderr?: string; code?: unknown }) => error);
    expect({ stdout: run.stdout?.trim().split('\n'), stderr: run.stderr }).toEqual({
      stdout: ['answer 42', 'closed'],
      stderr: '',
    });
  });
});
