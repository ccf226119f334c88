import type { IncomingMessage } from 'node:http';

/** The body was over the limit: answer 413. */
export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
}

/** The body did not arrive in time: answer 408. */
export class BodyTimeout extends Error {
  override readonly name = 'BodyTimeout';
}

/**
 * Reads a request body of at most `maxBytes` within `timeoutMs`; rejects with {@link BodyTooLarge} as soon
 * as it is over (by Content-Length, or by count for a chunked body), keeping nothing more of it: the rest
 * is read and discarded, so that the connection stays usable for the 413 answer. Rejects with
 * {@link BodyTimeout} when the whole body has not arrived within `timeoutMs` (a client that went silent),
 * and with an error when the connection closes first.
 */
export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const stop = (): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('close', onClose);
    };
    const tooLarge = (what: string): void => {
      stop();
      req.resume();
      reject(new BodyTooLarge(`the body is ${what} bytes; at most ${maxBytes} are accepted`));
    };
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) tooLarge(`over ${maxBytes}`);
      else chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onClose = (): void => {
      stop();
      reject(new Error('the connection closed before the body was complete'));
    };
    const timer = setTimeout(() => {
      stop();
      reject(new BodyTimeout(`the body did not arrive within ${timeoutMs} ms`));
    }, timeoutMs);
    req
      .on('data', onData)
      .on('end', onEnd)
      .on('close', onClose)
      .once('error', (error) => {
        stop();
        reject(error);
      });
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) tooLarge(String(declared));
  });
}
