import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';

/**
 * Parses `--evidence`: JSON text, or `@path` to a JSON file (an analysis, an alert). A usage error
 * (exit 2) when it is not JSON.
 */
export function parseEvidenceFlag(value: string): unknown {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8');
    } catch (error) {
      throw new InvalidArgumentError(`cannot read ${value.slice(1)}: ${(error as Error).message}`);
    }
  }
  let evidence: unknown;
  try {
    evidence = JSON.parse(text) as unknown;
  } catch {
    throw new InvalidArgumentError('give JSON (e.g. \'{"pValue":0.003}\') or @file.json');
  }
  // The history hashes and prints the evidence recursively: a value nested thousands deep would overflow it.
  if (depthOver(evidence, MAX_DEPTH))
    throw new InvalidArgumentError(`the evidence is nested more than ${MAX_DEPTH} levels deep; give flatter JSON`);
  return evidence;
}

const MAX_DEPTH = 100;

/** Whether `value` (parsed JSON) nests more than `max` arrays or objects deep; iterative, so it never overflows. */
function depthOver(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
