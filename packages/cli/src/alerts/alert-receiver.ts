import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { CliError } from '../cli-error.js';
import { loadRollout } from '../file/rollout-file.js';
import { bearerMatches, tokenProblem } from './bearer-token.js';
import { BodyTimeout, BodyTooLarge, readBody } from './read-body.js';
import { alertTargetProblem, rollbackAlert } from './rollback-alert.js';
import { parseWebhookPayload, type WebhookPayload } from './webhook-payload.js';

/** Options of {@link createAlertReceiver}. */
export interface AlertReceiverOptions {
  /** The rollout file to change. Required. */
  file: string;
  /** The bearer token Alertmanager sends (`http_config.authorization.credentials_file`). Required, non-empty. */
  token: string;
  /** Largest request body accepted, in bytes; a larger one is answered 413 (`--max-body`). Default 1 MiB. */
  maxBodyBytes?: number;
  /** Who the audit log names for the changes (`--actor`). Default `alertmanager`. */
  actor?: string;
  /** One line per notification handled (for the service's log). Default: none. */
  log?: (line: string) => void;
  /**
   * How long a request may take to send its body, in ms; a slower one is answered 408 and its connection
   * closed. Default 30000.
   */
  bodyTimeoutMs?: number;
  /**
   * How long `close()` waits for connections to finish, in ms. Then every connection is closed, except those
   * whose request is applying its change (that one finishes and is answered): a client that sent half a
   * request and went silent cannot hold a shutdown. Default 10000.
   */
  shutdownGraceMs?: number;
}

/** The webhook receiver: an `http.Server` to `listen()` on, and a graceful `close()`. */
export interface AlertReceiver {
  readonly server: Server;
  /**
   * Stops accepting connections, lets requests in flight finish (their changes are written), then resolves.
   * After `shutdownGraceMs`, connections still open are closed, but for requests applying their change.
   */
  close(): Promise<void>;
}

type Reply = { status: number; body: Record<string, unknown> };

/**
 * Receives Alertmanager webhook notifications (version 4) on `POST /alerts` and takes the variant of each
 * firing `action=rollback` alert out of its route (see `rollbackAlert`). Answers 401 without the bearer
 * token, 413 for a body over `maxBodyBytes`, 400 with the reason for a malformed payload, 422 with the
 * reasons when an alert names an unknown route or variant (nothing is written), 500 when the file cannot
 * be changed (Alertmanager retries), and 200 once every change is written. Resolved alerts and alerts
 * without `action=rollback` are ignored. `GET /healthz` answers 200.
 */
export function createAlertReceiver(options: AlertReceiverOptions): AlertReceiver {
  if (options.token === '') throw new CliError(2, 'the bearer token is empty; put a secret in the token file');
  const problem = tokenProblem(options.token);
  if (problem !== undefined) throw new CliError(2, `the bearer token ${problem}`);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const actor = options.actor ?? 'alertmanager';
  const log = options.log ?? (() => {});
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 30_000;
  const shutdownGraceMs = options.shutdownGraceMs ?? 10_000;
  const inFlight = new Set<Promise<void>>();
  const sockets = new Set<Socket>();
  /** Connections whose request is applying its change: never cut, not even after the grace period. */
  const applying = new Set<Socket>();
  let closing = false;

  async function apply(payload: WebhookPayload): Promise<Reply> {
    const rollbacks = payload.alerts.filter((a) => a.status === 'firing' && a.labels.action === 'rollback');
    const ignored = payload.alerts.length - rollbacks.length;
    if (rollbacks.length === 0) return { status: 200, body: { ok: true, changed: [], unchanged: [], ignored } };
    log(
      `received ${payload.alerts.length} alert(s) from ${payload.receiver || 'alertmanager'}; ${rollbacks.length} to roll back`,
    );
    const { document } = await loadRollout(options.file);
    const problems = rollbacks.flatMap((a) => alertTargetProblem(document, a) ?? []);
    if (problems.length > 0) {
      log(`refused: ${problems.join('; ')}`);
      return { status: 422, body: { ok: false, error: 'refused; nothing was written', problems } };
    }
    const changed: string[] = [];
    const unchanged: string[] = [];
    for (const alert of rollbacks) {
      const r = await rollbackAlert(options.file, alert, { actor, payload });
      (r.changed ? changed : unchanged).push(r.summary);
      log(
        `${r.changed ? 'changed' : 'unchanged'}: ${r.summary} (${alert.labels.alertname}, fingerprint ${alert.fingerprint})`,
      );
    }
    return { status: 200, body: { ok: true, changed, unchanged, ignored } };
  }

  async function handle(req: IncomingMessage): Promise<Reply> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return { status: 200, body: { ok: true, file: options.file } };
    if (req.method !== 'POST' || path !== '/alerts')
      return { status: 404, body: { ok: false, error: 'try POST /alerts (Alertmanager webhook) or GET /healthz' } };
    if (!bearerMatches(req.headers.authorization, options.token))
      return { status: 401, body: { ok: false, error: 'send Authorization: Bearer <token>' } };
    let json: unknown;
    try {
      json = JSON.parse((await readBody(req, maxBodyBytes, bodyTimeoutMs)).toString('utf8'));
    } catch (error) {
      if (error instanceof BodyTooLarge) return { status: 413, body: { ok: false, error: error.message } };
      if (error instanceof BodyTimeout) return { status: 408, body: { ok: false, error: error.message } };
      return { status: 400, body: { ok: false, error: `the body is not JSON: ${(error as Error).message}` } };
    }
    const parsed = parseWebhookPayload(json);
    if (!parsed.ok) return { status: 400, body: { ok: false, error: parsed.reason } };
    applying.add(req.socket);
    try {
      return await apply(parsed.payload);
    } catch (error) {
      const problems = error instanceof CliError ? error.problems : [];
      log(`failed: ${(error as Error).message}`);
      return { status: 500, body: { ok: false, error: (error as Error).message, problems } };
    } finally {
      applying.delete(req.socket);
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const done = handle(req).then(
      ({ status, body }) => {
        // After a refused body the rest of it is unread: close the connection rather than reuse it.
        // Once closing, too: the connection ends with this answer instead of idling on.
        if (closing || status === 413 || status === 408 || status === 401) res.setHeader('connection', 'close');
        if (status === 401) res.setHeader('www-authenticate', 'Bearer');
        res.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
      },
      () => void res.writeHead(500).end(),
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  /** Resolves once the requests in flight are answered and every connection is closed. */
  async function drain(closed: Promise<void>): Promise<void> {
    await Promise.all([...inFlight]);
    server.closeIdleConnections();
    await closed;
  }

  return {
    server,
    async close() {
      closing = true;
      // Node stops enforcing its header and request timeouts once the server closes: the grace period does.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<true>((resolve) => (timer = setTimeout(() => resolve(true), shutdownGraceMs)));
      const over = await Promise.race([drain(closed).then(() => false), graceOver]);
      clearTimeout(timer);
      if (!over) return;
      const cut = [...sockets].filter((socket) => !applying.has(socket));
      log(
        `shutdown: ${shutdownGraceMs} ms grace over; closing ${cut.length} connection(s) still sending a request, waiting for ${sockets.size - cut.length} applying a change`,
      );
      for (const socket of cut) socket.destroy();
      await drain(closed);
    },
  };
}
