import { createHmac } from 'node:crypto';

/**
 * The unit as a record holds it by default: HMAC-SHA256 of its UTF-8 bytes keyed by `key`, lowercase hex
 * (64 characters). Stable across processes for the same key, so pairs of one unit can be joined; with a
 * secret key, nobody without the key can test a guessed id against it.
 */
export function unitPseudonym(unit: string, key: string): string {
  return createHmac('sha256', key).update(unit, 'utf8').digest('hex');
}

/** Most pseudonyms a {@link unitRecorder} remembers; the cache is cleared when full (memory stays bounded). */
const CACHE_SIZE = 4096;

/**
 * How records hold units under a policy: `'hash'` (pseudonym), `'raw'` or `'omit'` (undefined).
 * Pseudonyms are cached (bounded), since a unit's calls come in runs and an HMAC costs microseconds.
 */
export function unitRecorder(policy: 'hash' | 'raw' | 'omit', key: string): (unit: string) => string | undefined {
  if (policy === 'omit') return () => undefined;
  if (policy === 'raw') return (unit) => unit;
  const cache = new Map<string, string>();
  return (unit) => {
    let pseudonym = cache.get(unit);
    if (pseudonym === undefined) {
      if (cache.size >= CACHE_SIZE) cache.clear();
      pseudonym = unitPseudonym(unit, key);
      cache.set(unit, pseudonym);
    }
    return pseudonym;
  };
}
