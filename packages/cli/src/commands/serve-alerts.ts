import type { AddressInfo } from 'node:net';
import { createAlertReceiver } from '../alerts/alert-receiver.js';
import { tokenProblem } from '../alerts/bearer-token.js';
import { CliError } from '../cli-error.js';
import { loadRollout, readText } from '../file/rollout-file.js';

/** The options of `modelroute serve-alerts`, as given on the command line. */
export interface ServeAlertsFlags {
  /** The rollout file to change (`--file`). Required. */
  file: string;
  /** `HOST:PORT` to listen on (`--listen`); port 0 picks a free one. Required. */
  listen: string;
  /** A file holding the bearer token (`--token-file`). Required. */
  tokenFile: string;
  /** Largest body in bytes (`--max-body`). Default 1048576. */
  maxBody?: string;
  /** Who the audit log names (`--actor`). Default `alertmanager`. */
  actor?: string;
}

/** `HOST:PORT` (an IPv6 host in brackets) to a host and a port. */
export function parseListen(listen: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(listen);
  const port = Number(match?.[2]);
  if (!match || port > 65535)
    throw new CliError(2, `--listen needs HOST:PORT, e.g. 127.0.0.1:9095 (port 0 picks a free one), got "${listen}"`);
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

/**
 * Runs the Alertmanager webhook receiver until SIGTERM or SIGINT, then stops gracefully: no new
 * connections, requests in flight get 10 s to finish (then their connections are closed, but for those
 * applying a change, which finish and are written). Prints `listening on http://...`
 * once it listens. Refuses to start on an invalid rollout file or an empty or missing token file, or one whose token
 * spans lines. A token may hold spaces: the whole rest of the `Authorization: Bearer` header is compared.
 */
export async function serveAlerts(flags: ServeAlertsFlags, print: (line: string) => void): Promise<void> {
  const { host, port } = parseListen(flags.listen);
  const maxBodyBytes = flags.maxBody === undefined ? undefined : Number(flags.maxBody);
  if (maxBodyBytes !== undefined && !(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0))
    throw new CliError(2, `--max-body needs a positive whole number of bytes, got "${flags.maxBody}"`);
  await loadRollout(flags.file);
  const token = (await readText(flags.tokenFile, 'token file')).trim();
  if (token === '') throw new CliError(1, `the token file ${flags.tokenFile} is empty; put the bearer token in it`);
  const problem = tokenProblem(token);
  if (problem !== undefined) throw new CliError(1, `the token file ${flags.tokenFile} ${problem}`);
  const receiver = createAlertReceiver({ file: flags.file, token, maxBodyBytes, actor: flags.actor, log: print });
  await new Promise<void>((resolve, reject) => {
    receiver.server.once('error', (error) =>
      reject(new CliError(1, `cannot listen on ${flags.listen}: ${error.message}`)),
    );
    receiver.server.listen(port, host, resolve);
  });
  const { address, port: bound } = receiver.server.address() as AddressInfo;
  const shown = address.includes(':') ? `[${address}]` : address;
  print(`listening on http://${shown}:${bound} (POST /alerts, GET /healthz); changing ${flags.file}`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (name: NodeJS.Signals): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(name);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  print(`${signal}: stopping (requests in flight get 10 s to finish; a change being applied always finishes)`);
  await receiver.close();
  print('stopped');
}
