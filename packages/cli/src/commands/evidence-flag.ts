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
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidArgumentError('give JSON (e.g. \'{"pValue":0.003}\') or @file.json');
  }
}
