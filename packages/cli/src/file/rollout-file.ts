import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { validateRolloutDocument, type RolloutDocument, type RouteDocument } from '@modelroute/core';
import { CliError } from '../cli-error.js';

/** A rollout file read and validated. */
export interface LoadedRollout {
  readonly file: string;
  readonly text: string;
  readonly document: RolloutDocument;
}

/** Reads a file's text; a missing or unreadable file is a refused operation (exit 1). */
export async function readText(file: string, what = 'rollout file'): Promise<string> {
  try {
    return await readFile(resolve(file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      1,
      code === 'ENOENT' ? `${what} ${file} does not exist` : `cannot read ${what} ${file}: ${(error as Error).message}`,
    );
  }
}

/** Reads and validates a rollout file; an invalid one is refused with every problem listed. */
export async function loadRollout(file: string): Promise<LoadedRollout> {
  const text = await readText(file);
  const checked = validateRolloutDocument(text);
  if (!checked.ok)
    throw new CliError(
      1,
      `${file} is not a valid rollout document; fix it (or \`modelroute undo\`) first`,
      checked.problems,
    );
  return { file, text, document: checked.value };
}

/** The route `route` of a document, or a refusal that lists the routes there are. */
export function requireRoute(document: RolloutDocument, route: string, file: string): RouteDocument {
  if (!Object.hasOwn(document.routes, route)) {
    const names = Object.keys(document.routes);
    throw new CliError(
      1,
      `${file} has no route "${route}" (it has ${names.map((n) => `"${n}"`).join(', ') || 'none'})`,
    );
  }
  return document.routes[route]!;
}

/** Every model a route names: weights, champion, rollbackTo, overrides, shadows. */
export function routeVariants(doc: RouteDocument): string[] {
  const names = new Set<string>([doc.champion, ...Object.keys(doc.weights)]);
  if (doc.rollbackTo !== undefined) names.add(doc.rollbackTo);
  for (const model of Object.values(doc.overrides ?? {})) names.add(model);
  for (const s of doc.shadow ?? []) names.add(s.model);
  return [...names];
}

/** Serializes a document the way the CLI writes it: two-space JSON and a final newline. */
export const formatDocument = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;
