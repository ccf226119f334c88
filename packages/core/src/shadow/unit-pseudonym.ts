import { createHmac } from 'node:crypto';

/**
 * The unit as a record holds it by default: HMAC-SHA256 of its UTF-8 bytes keyed by `key`, lowercase hex
 * (64 characters). Stable across processes for the same key, so pairs of one unit can be joined; with a
 * secret key, nobody without the key can test a guessed id against it.
 */
export function unitPseudonym(unit: string, key: string): string {
  return createHmac('sha256', key).update(unit, 'utf8').digest('hex');
}
