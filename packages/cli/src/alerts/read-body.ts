import type { IncomingMessage } from 'node:http';

/** The body was over the limit: answer 413. */
export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
}

/** Reads a request body of at most `maxBytes`; rejects with {@link BodyTooLarge} as soon as it is over (by Content-Length or by count). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new BodyTooLarge(`the body is ${declared} bytes; at most ${maxBytes} are accepted`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLarge(`the body is over ${maxBytes} bytes; at most ${maxBytes} are accepted`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
