import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError } from '../cli-error.js';

/** A registered model: what a rollout may name, with where it came from. */
export interface RegisteredModel {
  /** The model id the rollout documents use (`fraud-v4`). */
  readonly id: string;
  /** The model's own version (a training pipeline's, a semver). */
  readonly version: string;
  /** Where the artifact is (`s3://models/fraud/v4/model.onnx`). */
  readonly artifactUri: string;
  /** SHA-256 of the artifact, 64 hex digits. */
  readonly sha256: string;
  /** When it was registered, ISO 8601. */
  readonly createdAt: string;
  /** Who answers for it (a team, a person). */
  readonly owner: string;
  /** The training run (an MLflow run id, a CI job URL). */
  readonly trainingRun?: string;
  /** The data it was trained on, as an interval. */
  readonly dataWindow?: { readonly start: string; readonly end: string };
  /** Offline evaluation: metric name to value. */
  readonly offlineMetrics?: Readonly<Record<string, number>>;
  readonly description?: string;
  readonly tags?: readonly string[];
}

/** A registry file: `{ "models": [ ... ] }`. */
export interface ModelRegistry {
  readonly path: string;
  readonly models: readonly RegisteredModel[];
}

/** Where a rollout file's registry is: `path`, else `modelroute-registry.json` beside the rollout file. */
export const registryPath = (rolloutFile: string, path?: string): string =>
  path ?? join(dirname(rolloutFile), 'modelroute-registry.json');

const isTime = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isText = (v: unknown) => typeof v === 'string' && v !== '';

/** Every problem of one registry entry, as `models.<i>.<field>: reason`. */
export function checkModel(m: unknown, at: string): string[] {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return [`${at}: must be an object`];
  const e = m as Record<string, unknown>;
  const problems: string[] = [];
  for (const k of ['id', 'version', 'artifactUri', 'owner'])
    if (!isText(e[k])) problems.push(`${at}.${k}: must be a non-empty string`);
  if (typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256))
    problems.push(`${at}.sha256: must be 64 lowercase hex digits (the artifact's SHA-256)`);
  if (!isTime(e.createdAt)) problems.push(`${at}.createdAt: must be an ISO 8601 time`);
  for (const k of ['trainingRun', 'description'])
    if (e[k] !== undefined && typeof e[k] !== 'string') problems.push(`${at}.${k}: must be a string`);
  const w = e.dataWindow as Record<string, unknown> | undefined;
  if (w !== undefined && (typeof w !== 'object' || w === null || !isTime(w.start) || !isTime(w.end)))
    problems.push(`${at}.dataWindow: must be { start, end }, two ISO 8601 times`);
  const metrics = e.offlineMetrics;
  if (
    metrics !== undefined &&
    (typeof metrics !== 'object' ||
      metrics === null ||
      Object.values(metrics).some((v) => typeof v !== 'number' || !Number.isFinite(v)))
  )
    problems.push(`${at}.offlineMetrics: must map metric names to finite numbers`);
  if (e.tags !== undefined && (!Array.isArray(e.tags) || e.tags.some((t) => typeof t !== 'string')))
    problems.push(`${at}.tags: must be an array of strings`);
  return problems;
}

/** Reads a registry; undefined when there is none at `path`. An invalid one is refused with every problem. */
export async function loadRegistry(path: string): Promise<ModelRegistry | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(1, `cannot read the model registry ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(1, `the model registry ${path} is not JSON: ${(error as Error).message}`);
  }
  const models = (value as { models?: unknown } | null)?.models;
  if (!Array.isArray(models)) throw new CliError(1, `the model registry ${path} must be { "models": [ ... ] }`);
  const problems = models.flatMap((m, i) => checkModel(m, `models.${i}`));
  const seen = new Set<string>();
  for (const [i, m] of (models as RegisteredModel[]).entries()) {
    if (seen.has(m.id)) problems.push(`models.${i}.id: "${m.id}" is registered twice`);
    seen.add(m.id);
  }
  if (problems.length > 0) throw new CliError(1, `the model registry ${path} is invalid`, problems);
  return { path, models: models as RegisteredModel[] };
}

/**
 * Checks `ids` against the registry beside `rolloutFile` (or at `path`), when there is one. Unregistered
 * ids are refused (exit 1) unless `force`; then they come back in words, for the history entry.
 */
export async function requireRegistered(
  rolloutFile: string,
  ids: readonly string[],
  options: { registry?: string | undefined; force?: boolean | undefined },
): Promise<string[]> {
  const registry = await loadRegistry(registryPath(rolloutFile, options.registry));
  if (registry === undefined) return [];
  const known = new Set(registry.models.map((m) => m.id));
  const missing = [...new Set(ids)].filter((id) => !known.has(id));
  if (missing.length === 0) return [];
  const names = missing.map((id) => `"${id}"`).join(', ');
  if (!options.force)
    throw new CliError(
      1,
      `refused: ${names} ${missing.length === 1 ? 'is' : 'are'} not in the model registry ${registry.path}; register with \`modelroute registry add\`, or pass --force (recorded in the history)`,
    );
  return missing.map((id) => `model "${id}" is not in the model registry ${registry.path} (--force)`);
}
