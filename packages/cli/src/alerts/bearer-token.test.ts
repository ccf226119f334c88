import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';
import { rollbackWebhookBody } from './webhook.test-support.js';
import { createAlertReceiver } from './alert-receiver.js';

// Tokens as an operator writes them in a token file: a passphrase with spaces, or a file of two lines.
let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-token-'));
  file = join(dir, 'rollout.json');
  await writeFile(file, JSON.stringify({ routes: { r: { champion: 'a', weights: { a: 95, b: 5 }, guard: {} } } }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const body = rollbackWebhookBody();

describe('the bearer token (adversarial review)', () => {
  it('a token with spaces (a passphrase) is accepted as Alertmanager sends it, and only whole', async () => {
    const token = 'correct horse battery staple';
    const receiver = createAlertReceiver({ file, token, log: () => {} });
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/alerts`;
    try {
      for (const wrong of ['Bearer correct', 'Bearer correct horse battery', `Bearer ${token} x`, token])
        expect((await fetch(url, { method: 'POST', headers: { authorization: wrong }, body })).status, wrong).toBe(401);
      const ok = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
      expect(ok.status).toBe(200);
      const doc = JSON.parse(await readFile(file, 'utf8')) as { routes: { r: { weights: object } } };
      expect(doc.routes.r.weights).toEqual({ a: 95, b: 0 });
    } finally {
      await receiver.close();
    }
  });

  it('serve-alerts refuses to start on a token file whose token spans lines (no header can carry it)', async () => {
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, 'first-line\nsecond-line\n');
    let stderr = '';
    const code = await runCli(['serve-alerts', '--file', file, '--listen', '127.0.0.1:0', '--token-file', tokenFile], {
      stdout: () => {},
      stderr: (s) => void (stderr += s),
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`the token file ${tokenFile} holds a line break or another control character`);
  });
});
