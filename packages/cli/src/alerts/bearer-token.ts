import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether an `Authorization` header carries `Bearer <token>`. Compared in constant time: both sides
 * are hashed to 32 bytes first, so neither the content nor the length of the token leaks through timing.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  // Compare something even without a token in the header, so a missing header costs the same.
  return timingSafeEqual(digest(match?.[1] ?? ''), digest(token)) && match !== null;
}
