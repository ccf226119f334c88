import { CliError } from './cli-error.js';

/**
 * GETs `path` (e.g. `/api/v1/query`) of the Prometheus HTTP API at `base` with `params` and returns its
 * `data`; an unreachable server or a refused query is a `CliError` that names the query.
 */
export async function queryPrometheus<T>(base: string, path: string, params: Record<string, string>): Promise<T> {
  const url = `${base.replace(/\/+$/, '')}${path}?${new URLSearchParams(params).toString()}`;
  let body: { status?: string; error?: string; data?: T };
  try {
    const res = await fetch(url);
    body = (await res.json()) as typeof body;
  } catch (error) {
    throw new CliError(1, `cannot query Prometheus at ${base}: ${(error as Error).message}; check --prometheus`);
  }
  if (body.status !== 'success' || body.data === undefined)
    throw new CliError(1, `Prometheus refused ${params.query}: ${body.error ?? 'no reason given'}`);
  return body.data;
}
