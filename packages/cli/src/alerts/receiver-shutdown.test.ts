import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { holdFileLock } from '../file/hold-lock.test-support.js';
import { type AlertReceiverOptions, createAlertReceiver } from './alert-receiver.js';
import { rollbackWebhookBody } from './webhook.test-support.js';

// Shutdown of the serve-alerts receiver with clients that went silent mid-request (adversarial review):
// real sockets on a real server.
const TOKEN = 's3cret';
const document = { routes: { r: { champion: 'a', weights: { a: 95, b: 5 }, guard: {} } } };
const body = rollbackWebhookBody();
const head = (length: number) =>
  `POST /alerts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

let dir: string;
let file: string;
const logged: string[] = [];
const waiters: Array<() => void> = [];
const logLine = async (pattern: RegExp) => {
  for (;;) {
    if (logged.some((l) => pattern.test(l))) return;
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
};
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-shutdown-'));
  file = join(dir, 'rollout.json');
  await writeFile(file, JSON.stringify(document));
  logged.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function start(options: Partial<AlertReceiverOptions>) {
  const receiver = createAlertReceiver({
    file,
    token: TOKEN,
    log: (l) => {
      logged.push(l);
      for (const wake of waiters.splice(0)) wake();
    },
    ...options,
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  const port = (receiver.server.address() as AddressInfo).port;
  /** A client that sends `text`, then goes silent; `answer` is all it received when the connection closed. */
  const client = async (text: string) => {
    const socket: Socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (d) => (received += d));
    const answer = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
    socket.on('error', () => {});
    socket.write(text);
    return { socket, answer };
  };
  return { receiver, client };
}

describe('serve-alerts shutdown with silent clients (adversarial review)', () => {
  it('close() ends although a client sent half its headers (no token) and another half its body', async () => {
    const { receiver, client } = await start({ shutdownGraceMs: 0 });
    const headers = await client('POST /alerts HTTP/1.1\r\nHost: x\r\n');
    const half = await client(`${head(body.length)}${body.slice(0, 16)}`);
    await receiver.close();
    await headers.answer;
    await half.answer;
    expect(logged.join('\n')).toContain('closing 2 connection(s) still sending a request');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(document);
  });

  it('a request applying its change when the grace period ends finishes, and is answered 200', async () => {
    const { receiver, client } = await start({ shutdownGraceMs: 0 });
    const lock = await holdFileLock(file);
    const applying = await client(`${head(body.length)}${body}`); // waits for the lock
    const silent = await client('POST /alerts HTTP/1.1\r\nHost: x\r\n');
    await logLine(/^received 1 alert/);
    const closed = receiver.close();
    await logLine(/grace over; closing 1 connection\(s\) still sending a request, waiting for 1 applying/);
    await silent.answer;
    await lock.release();
    await closed;
    expect(await applying.answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(JSON.parse(await readFile(file, 'utf8')).routes.r.weights).toEqual({ a: 95, b: 0 });
  });

  it('a body that does not arrive within bodyTimeoutMs is answered 408 and the connection closed', async () => {
    const { receiver, client } = await start({ bodyTimeoutMs: 0 });
    try {
      const half = await client(`${head(body.length)}${body.slice(0, 16)}`);
      expect(await half.answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(document);
    } finally {
      await receiver.close();
    }
  });
});
