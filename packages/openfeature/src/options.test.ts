import { isModelrouteError } from '@modelroute/core';
import { TypedInMemoryProvider } from '@openfeature/server-sdk';
import { describe, expect, it } from 'vitest';
import { openFeatureSource } from './openfeature-source.js';
import { clientFor } from './test-helpers.test-support.js';

describe('openFeatureSource options', () => {
  it('says what to fix', async () => {
    const client = await clientFor(new TypedInMemoryProvider({}));
    const mistakes: Array<[unknown, RegExp]> = [
      [undefined, /pass an options object/],
      [{ flagKey: 'f' }, /`client` must be an OpenFeature client/],
      [{ client: { getObjectDetails() {} }, flagKey: 'f' }, /`client` has no getStringValue\(\) method/],
      [{ client, flagKey: '' }, /`flagKey` must be the non-empty key/],
      [{ client, flagKey: 'f', mode: 'ab' }, /`mode` must be "document" or "delegate", got "ab"/],
      [{ client, flagKey: 'f', route: { champion: 'a', weights: { a: 1 } } }, /`route` is for delegate mode only/],
      [{ client, flagKey: 'f', mode: 'delegate', contextFor: {} }, /`contextFor` must be a function/],
      [{ client, flagKey: 'f', initTimeoutMs: Number.NaN }, /`initTimeoutMs` must be a non-negative number, got NaN/],
    ];
    for (const [options, message] of mistakes) {
      let thrown: unknown;
      try {
        openFeatureSource(options as never);
      } catch (error) {
        thrown = error;
      }
      expect(isModelrouteError(thrown, 'invalid_options')).toBe(true);
      expect((thrown as Error).message).toMatch(message);
    }
    const source = openFeatureSource({ client, flagKey: 'fraud-rollout' });
    expect(source.name).toBe('openfeature:fraud-rollout');
    expect(source.delegate).toBeUndefined();
    expect(typeof openFeatureSource({ client, flagKey: 'f', mode: 'delegate' }).delegate?.assign).toBe('function');
  });
});
