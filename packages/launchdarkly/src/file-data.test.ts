import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter } from '@modelroute/core';
import { afterEach, describe, expect, it } from 'vitest';
import { launchDarklySource } from './launchdarkly-source.js';
import { sdks, type TestClient } from './sdk-harness.test-support.js';
import { delegateRoute, models, nextEvent, rolloutFlag, stage, units, unitsIn } from './test-helpers.test-support.js';

// LaunchDarkly's own flag file format, loaded by the SDK's FileData source: `flagValues` for a flag that
// serves one value to everyone, `flags` for full flag configurations (targeting, rollouts).
describe.each(sdks)('LaunchDarkly file data with $name', (sdk) => {
  let dir: string;
  const open: Array<TestClient['client']> = [];
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // In place: the SDKs' file data sources watch the file itself, so after an atomic rename they miss the
  // next change (the watch stays on the replaced inode).
  const write = (file: string, data: object) => writeFileSync(file, JSON.stringify(data));
  const clientOn = (file: string) => {
    const { client } = sdk.withFiles([file]);
    open.push(client);
    return client;
  };

  it('document mode: applies the flag value from the file, and follows an edit of the file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'modelroute-ld-file-'));
    const file = join(dir, 'flags.json');
    write(file, { flagValues: { 'fraud-score-rollout': stage(5) } });
    const client = clientOn(file);
    const source = launchDarklySource({ client, flagKey: 'fraud-score-rollout' });
    const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
    expect(router.configVersion).toBe('canary-5');
    const at5 = unitsIn(router, 'fraud-v4', units);

    const applied = nextEvent(router, 'applied');
    write(file, { flagValues: { 'fraud-score-rollout': stage(20) } });
    expect((await applied).version).toBe('canary-20');
    const at20 = unitsIn(router, 'fraud-v4', units);
    for (const unit of at5) expect(at20.has(unit)).toBe(true);

    // The flag disappears from the file: the router says so and keeps the stage it has.
    const rejected = nextEvent(router, 'rejected');
    write(file, { flagValues: { 'another-flag': true } }); // (a file with no flags at all is not reloaded by v9)
    expect((await rejected).reason).toMatch(/flag "fraud-score-rollout" does not exist in this environment/);
    expect(router.configVersion).toBe('canary-20');
    await source.close();
  });

  it('delegate mode: a full flag with a percentage rollout from the file picks the variants', async () => {
    dir = mkdtempSync(join(tmpdir(), 'modelroute-ld-file-'));
    const file = join(dir, 'flags.json');
    write(file, { flags: { 'fraud-variant': rolloutFlag('fraud-variant', 30) } });
    const client = clientOn(file);
    const source = launchDarklySource({ client, flagKey: 'fraud-variant', mode: 'delegate', route: delegateRoute });
    const router = await createRouter({ route: 'fraud-score', models, source, fallback: 'fraud-v3' });
    let inV4 = 0;
    for (const unit of units.slice(0, 2000)) {
      const { decision } = await router.predictDetailed(1, { unit });
      expect(decision.reason).toBe('delegate');
      if (decision.variant === 'fraud-v4') inV4++;
    }
    expect(inV4).toBeGreaterThan(2000 * 0.3 - 100);
    expect(inV4).toBeLessThan(2000 * 0.3 + 100);
    await source.close();
  });
});
