import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether an `Authorization` header carries `Bearer <token>`. The token is the whole rest of the header
 * (spaces inside it included, as Alertmanager sends a passphrase from its credentials file), so a token with
 * spaces matches only whole. Compared in constant time: both sides are hashed to 32 bytes first, so neither
 * the content nor the length of the token leaks through timing.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer +(.*?) *$/is.exec(header ?? '');
  // Compare something even without a token in the header, so a missing header costs the same.
  return timingSafeEqual(digest(match?.[1] ?? ''), digest(token)) && match !== null;
}

/**
 * Why `token` can never arrive in an HTTP header (a line break or another control character but tab),
 * or undefined when it can.
 */
export function tokenProblem(token: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  return /[\u0000-\u0008\u000a-\u001f\u007f]/.test(token)
    ? 'holds a line break or another control character inside the token, which no Authorization header can carry: put the token on one line'
    : undefined;
}
