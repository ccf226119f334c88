import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAlertReceiver, type AlertReceiver } from './alert-receiver.js';

const TOKEN = 's3cret-token';
const route = {
  champion: 'fraud-v3',
  weights: { 'fraud-v3': 95, 'fraud-v4': 5 },
  guard: { errorRateRatio: 5 },
};
const document = { routes: { 'fraud-score': route, solo: { champion: 'a', weights: { a: 0, b: 100 } } } };

let dir: string;
let file: string;
let receiver: AlertReceiver;
let url: string;
const logged: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-receiver-'));
  file = join(dir, 'rollout.json');
  receiver = createAlertReceiver({ file, token: TOKEN, maxBodyBytes: 8192, log: (l) => logged.push(l) });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await rm(`${file}.audit.log`, { force: true });
  await writeFile(file, `${JSON.stringify(document, null, 2)}\n`);
});

const alert = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  status: 'firing',
  labels: { alertname: 'ModelrouteErrorRate', severity: 'page', action: 'rollback', ...labels },
  annotations: { summary: 'fraud-v4 on route fraud-score: error rate 20%' },
  startsAt: '2026-12-01T19:00:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
  fingerprint: 'a1b2c3d4e5f60718',
  ...extra,
});
const payload = (alerts: unknown[], status = 'firing') => ({
  version: '4',
  groupKey: '{}:{alertname="ModelrouteErrorRate"}',
  truncatedAlerts: 0,
  status,
  receiver: 'modelroute-rollback',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts,
});
const canaryAlert = alert({ route: 'fraud-score', variant: 'fraud-v4' });

async function post(body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const res = await fetch(`${url}/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: string; problems?: string[] } };
}
const fileText = () => readFile(file, 'utf8');
const auditLines = async () =>
  existsSync(`${file}.audit.log`)
    ? (await readFile(`${file}.audit.log`, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];
/** Sends, and checks that the file and the audit log were left alone. */
async function changesNothing(send: () => Promise<{ status: number; body: { error?: string; problems?: string[] } }>) {
  const before = await fileText();
  const r = await send();
  expect(await fileText()).toBe(before);
  expect(await auditLines()).toEqual([]);
  return r;
}

describe('serve-alerts receiver', () => {
  it('a firing action=rollback alert sets the variant to 0, audited with the alert as evidence', async () => {
    const r = await post(payload([canaryAlert]));
    expect(r).toMatchObject({ status: 200, body: { ok: true, changed: ['fraud-score: weights fraud-v4 5 -> 0'] } });
    const written = JSON.parse(await fileText()) as typeof document;
    expect(written.routes['fraud-score'].weights).toEqual({ 'fraud-v3': 95, 'fraud-v4': 0 });
    expect(written.routes.solo).toEqual(document.routes.solo);
    const [entry, ...more] = await auditLines();
    expect(more).toEqual([]);
    expect(Object.keys((entry as { changes: object }).changes)).toEqual(['fraud-score']);
    expect(entry).toMatchObject({
      actor: 'alertmanager',
      action: 'serve-alerts',
      reason: 'ModelrouteErrorRate: fraud-v4 on route fraud-score: error rate 20%',
      evidence: {
        source: 'alertmanager',
        fingerprint: 'a1b2c3d4e5f60718',
        generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
        labels: canaryAlert.labels,
        receiver: 'modelroute-rollback',
      },
    });
  });

  it('the same alert delivered twice, or five times at once, changes the file once', async () => {
    await post(payload([canaryAlert]));
    const after = await fileText();
    expect(await post(payload([canaryAlert]))).toMatchObject({
      status: 200,
      body: { changed: [], unchanged: [expect.any(String)] },
    });
    await Promise.all(Array.from({ length: 5 }, () => post(payload([canaryAlert]))));
    expect(await fileText()).toBe(after);
    expect(await auditLines()).toHaveLength(1);
  });

  it('sends all traffic to the champion when the variant was the only one with weight', async () => {
    expect((await post(payload([alert({ route: 'solo', variant: 'b' })]))).status).toBe(200);
    expect((JSON.parse(await fileText()) as typeof document).routes.solo.weights).toEqual({ a: 100, b: 0 });
  });

  it('401 without the bearer token, with a wrong one, or with another scheme; nothing written', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${TOKEN}x` },
    ];
    for (const headers of attempts) {
      const r = await changesNothing(() => post(payload([canaryAlert]), headers));
      expect(r.status).toBe(401);
    }
  });

  it('413 for a body over the limit; nothing written', async () => {
    const big = payload([
      alert({ route: 'fraud-score', variant: 'fraud-v4' }, { annotations: { summary: 'x'.repeat(9000) } }),
    ]);
    expect((await changesNothing(() => post(big))).status).toBe(413);
    // Chunked, without Content-Length: counted as it arrives.
    const chunked = await changesNothing(async () => {
      const text = JSON.stringify(big);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < text.length; at += 1000)
            controller.enqueue(new TextEncoder().encode(text.slice(at, at + 1000)));
          controller.close();
        },
      });
      const res = await fetch(`${url}/alerts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
        body,
        duplex: 'half',
      } as RequestInit);
      return { status: res.status, body: (await res.json()) as { error?: string } };
    });
    expect(chunked.status).toBe(413);
    expect(chunked.body.error).toContain('over 8192 bytes');
  });

  it('400 with the reason for a malformed payload; nothing written', async () => {
    const cases: Array<[unknown, string]> = [
      ['{"version": "4", ', 'not JSON'],
      [[], 'must be a JSON object'],
      [{ ...payload([canaryAlert]), version: '3' }, 'version must be "4"'],
      [{ ...payload([canaryAlert]), status: 'pending' }, 'status must be "firing" or "resolved"'],
      [{ ...payload([]), alerts: {} }, 'alerts must be an array'],
      [payload([{ ...canaryAlert, fingerprint: undefined }]), 'alerts[0].fingerprint must be a non-empty string'],
      [
        payload([canaryAlert, { ...canaryAlert, labels: { route: 7 } }]),
        'alerts[1].labels must be an object of strings',
      ],
    ];
    for (const [body, reason] of cases) {
      const r = await changesNothing(() => post(body));
      expect(r.status).toBe(400);
      expect(r.body.error).toContain(reason);
    }
  });

  it('ignores resolved notifications, resolved alerts and alerts without action=rollback', async () => {
    const resolved = { ...canaryAlert, status: 'resolved' };
    const ticket = alert({ route: 'fraud-score', variant: 'fraud-v4', action: '', severity: 'ticket' });
    for (const body of [payload([resolved], 'resolved'), payload([resolved, ticket])]) {
      const r = await changesNothing(() => post(body));
      expect(r).toMatchObject({
        status: 200,
        body: { ok: true, changed: [], ignored: 2 - (body.status === 'resolved' ? 1 : 0) },
      });
    }
  });

  it('refuses an unknown route or variant, or the champion, with the reason; nothing written, not even for the good alerts', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ route: 'nope', variant: 'fraud-v4' }, 'names route "nope", which the rollout file does not have'],
      [
        { route: 'fraud-score', variant: 'fraud-v9' },
        'names variant "fraud-v9", which route "fraud-score" has no weight for',
      ],
      [{ route: 'fraud-score', variant: 'fraud-v3' }, 'the champion of route "fraud-score"'],
      [{ variant: 'fraud-v4' }, 'no route and variant labels'],
    ];
    for (const [labels, reason] of cases) {
      const r = await changesNothing(() => post(payload([canaryAlert, alert(labels)])));
      expect(r.status).toBe(422);
      expect(r.body.problems).toEqual([expect.stringContaining(reason)]);
    }
    expect(logged.some((l) => l.startsWith('refused: ') && l.includes('fraud-v9'))).toBe(true);
  });

  it('GET /healthz answers 200; other paths 404', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/`, { method: 'POST' })).status).toBe(404);
  });
});
