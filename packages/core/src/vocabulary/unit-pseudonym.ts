/** The environment variable that holds the secret key of unit pseudonyms, when no option gives one. */
export const PSEUDONYM_KEY_ENV = 'MODELROUTE_PSEUDONYM_KEY';

/**
 * A unit as a record holds it: HMAC-SHA256 of its UTF-8 bytes keyed by a secret `key`, lowercase hex
 * (64 characters). Stable across processes for the same key, so the records of one unit can be joined;
 * nobody without the key can test a guessed id (a sequential id, an email) against it.
 */
export function unitPseudonym(unit: string, key: string): string {
  // node:crypto is taken on the first pseudonym, not at import: importing it (with the streams it loads)
  // was a tenth of what importing @modelroute/core cost.
  return process.getBuiltinModule('node:crypto').createHmac('sha256', key).update(unit, 'utf8').digest('hex');
}

/** The pseudonym key in force: `option` if given, else `MODELROUTE_PSEUDONYM_KEY`; undefined when neither is a non-empty string. */
export function resolvePseudonymKey(option?: string): string | undefined {
  const key = option ?? process.env[PSEUDONYM_KEY_ENV];
  return typeof key === 'string' && key !== '' ? key : undefined;
}

/** Most pseudonyms a {@link unitRecorder} remembers; the cache is cleared when full (memory stays bounded). */
const CACHE_SIZE = 4096;

/**
 * The one rule for every record that carries a unit (shadow pairs, exposures): `'hash'` gives the
 * {@link unitPseudonym} under the secret `key`, or leaves the unit out (undefined) when there is no key,
 * since a hash anyone can recompute is no pseudonym; `'raw'` keeps the unit; `'omit'` leaves it out.
 * Pseudonyms are cached (bounded), since a unit's calls come in runs and an HMAC costs microseconds.
 */
export function unitRecorder(
  policy: 'hash' | 'raw' | 'omit',
  key: string | undefined,
): (unit: string) => string | undefined {
  if (policy === 'omit' || (policy === 'hash' && key === undefined)) return () => undefined;
  if (policy === 'raw') return (unit) => unit;
  const cache = new Map<string, string>();
  return (unit) => {
    let pseudonym = cache.get(unit);
    if (pseudonym === undefined) {
      if (cache.size >= CACHE_SIZE) cache.clear();
      pseudonym = unitPseudonym(unit, key!);
      cache.set(unit, pseudonym);
    }
    return pseudonym;
  };
}
