import { isModelrouteError } from '@modelroute/core';
import { describe, expect, it } from 'vitest';
import { launchDarklySource } from './launchdarkly-source.js';
import { v9 } from './sdk-harness.test-support.js';

describe('launchDarklySource options', () => {
  const { client } = v9.withTestData(v9.testData());

  const expectMistake = (options: unknown, message: RegExp) => {
    let thrown: unknown;
    try {
      launchDarklySource(options as Parameters<typeof launchDarklySource>[0]);
    } catch (error) {
      thrown = error;
    }
    expect(isModelrouteError(thrown, 'invalid_options')).toBe(true);
    expect((thrown as Error).message).toMatch(message);
  };

  it('says what to fix', () => {
    expectMistake(undefined, /pass an options object/);
    expectMistake({ flagKey: 'f' }, /`client` must be your LaunchDarkly client/);
    expectMistake({ client: { variation() {} }, flagKey: 'f' }, /`client` has no variationDetail\(\) method/);
    expectMistake({ client, flagKey: '' }, /`flagKey` must be the non-empty key/);
    expectMistake({ client, flagKey: 'f', mode: 'percent' }, /`mode` must be "document" or "delegate", got "percent"/);
    expectMistake(
      { client, flagKey: 'f', route: { champion: 'a', weights: { a: 1 } } },
      /`route` is for delegate mode only/,
    );
    expectMistake({ client, flagKey: 'f', mode: 'delegate', contextFor: 'user' }, /`contextFor` must be a function/);
    expectMistake({ client, flagKey: 'f', context: 'svc' }, /`context` must be a LaunchDarkly context object/);
    expectMistake({ client, flagKey: 'f', initTimeoutMs: -1 }, /`initTimeoutMs` must be a non-negative number, got -1/);
    client.close();
  });

  it('names itself after the flag and has a delegate only in delegate mode', async () => {
    const doc = launchDarklySource({ client, flagKey: 'fraud-rollout' });
    const delegate = launchDarklySource({ client, flagKey: 'fraud-variant', mode: 'delegate' });
    expect(doc.name).toBe('launchdarkly:fraud-rollout');
    expect(doc.delegate).toBeUndefined();
    expect(typeof delegate.delegate?.assign).toBe('function');
    await doc.close();
    await delegate.close();
  });
});
