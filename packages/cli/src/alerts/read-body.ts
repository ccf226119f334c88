import type { IncomingMessage } from 'node:http';

/** The body was over the limit: answer 413. */
export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
}

/**
 * Reads a request body of at most `maxBytes`; rejects with {@link BodyTooLarge} as soon as it is over
 * (by Content-Length, or by count for a chunked body), keeping nothing more of it: the rest is read
 * and discarded, so that the connection stays usable for the 413 answer.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = (what: string): void => {
      req.off('data', onData).off('end', onEnd).resume();
      reject(new BodyTooLarge(`the body is ${what} bytes; at most ${maxBytes} are accepted`));
    };
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) tooLarge(`over ${maxBytes}`);
      else chunks.push(chunk);
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks));
    req.on('data', onData).on('end', onEnd).once('error', reject);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) tooLarge(String(declared));
  });
}
