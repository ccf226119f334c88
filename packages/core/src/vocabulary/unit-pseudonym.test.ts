import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { unitPseudonym, unitRecorder } from './unit-pseudonym.js';

describe('unit pseudonyms', () => {
  it('is HMAC-SHA256(key, utf8(unit)) in hex, stable, and keyed', () => {
    expect(unitPseudonym('user-42', 'k')).toBe(createHmac('sha256', 'k').update('user-42').digest('hex'));
    expect(unitPseudonym('user-42', 'k')).toMatch(/^[0-9a-f]{64}$/);
    expect(unitPseudonym('user-42', 'k')).not.toBe(unitPseudonym('user-42', 'other key'));
    expect(unitPseudonym('ü', 'k')).toBe(createHmac('sha256', 'k').update(Buffer.from('ü', 'utf8')).digest('hex'));
  });

  it('records units by policy, caching pseudonyms within a bound', () => {
    expect(unitRecorder('omit', 'k')('u')).toBeUndefined();
    expect(unitRecorder('raw', 'k')('u')).toBe('u');
    const hash = unitRecorder('hash', 'k');
    for (let i = 0; i < 10_000; i++) expect(hash(`u${i % 5000}`)).toBe(unitPseudonym(`u${i % 5000}`, 'k'));
  });
});

describe('without a key', () => {
  it("'hash' leaves the unit out rather than hash it under a key everyone knows", () => {
    expect(unitRecorder('hash', undefined)('user-1')).toBeUndefined();
  });
});
