import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRouter, jsonLinesSink, staticSource, type ShadowRecord } from '@modelroute/core';
import { models, type Score, type Transaction } from './models.js';

export interface DemoOptions {
  /** Folder for the JSON-lines files. */
  dir: string;
  /** Calls to make. */
  calls?: number;
  /** Distinct users (units). */
  users?: number;
  /** Rotate the pairs file at this size. */
  maxFileBytes?: number;
  /** Shadow calls in flight at most; beyond, they are dropped (and counted in metrics). */
  maxInFlight?: number;
}

export interface ShadowSummary {
  model: string;
  pairs: number;
  outcomes: Record<string, number>;
  comparisons: Record<string, number>;
  meanAbsDifference: number;
  p50Ms: number;
  p99Ms: number;
  units: number;
}

export interface DemoResult {
  calls: number;
  /** Calls whose answer differed from the champion's own answer: must be 0. */
  callerMismatches: number;
  files: string[];
  lines: number;
  primaryP50Ms: number;
  primaryP99Ms: number;
  shadows: ShadowSummary[];
}

const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** Runs traffic through a router with two shadows, closes it, then reads back and summarizes the pairs. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const calls = options.calls ?? 5_000;
  const users = options.users ?? 800;
  const path = join(options.dir, 'pairs.jsonl');
  const router = await createRouter<Transaction, Score>({
    route: 'fraud-score',
    models,
    fallback: 'fraud-v3',
    source: staticSource({
      routes: {
        'fraud-score': {
          champion: 'fraud-v3',
          weights: { 'fraud-v3': 100 },
          shadow: [
            { model: 'fraud-v4', fraction: 0.5, sampling: 'unit' }, // half the users, each mirrored whole
            { model: 'fraud-v5', fraction: 1 }, // every call
          ],
        },
      },
    }),
    shadow: {
      maxInFlight: options.maxInFlight ?? 256,
      timeoutMs: 250,
      compare: (primary, shadow) => shadow.score - primary.score,
      tolerance: 0.01,
      project: (output) => output.score, // keep the score, not the explanation
      unitKey: 'demo-pseudonym-key', // in production: a secret, so nobody can test a guessed user id
      sinks: [jsonLinesSink(path, { maxFileBytes: options.maxFileBytes ?? 256 * 1024, maxFiles: 20 })],
    },
  });

  // 16 concurrent callers, like a small service.
  let next = 0;
  let callerMismatches = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < calls) {
        const id = next++;
        const tx = { id, amount: (id * 7919) % 12_000 };
        const answer = await router.predict(tx, { unit: `user-${id % users}` });
        const own = await models['fraud-v3'](tx);
        if (answer.score !== own.score) callerMismatches++;
      }
    }),
  );
  await router.close(); // waits for shadow calls in flight (bounded), then flushes the file

  // Oldest first: pairs.jsonl.N … pairs.jsonl.1, then pairs.jsonl.
  const rank = (f: string): number => (f === 'pairs.jsonl' ? 0 : Number(f.slice('pairs.jsonl.'.length)));
  const files = (await readdir(options.dir))
    .filter((f) => f.startsWith('pairs.jsonl'))
    .sort((a, b) => rank(b) - rank(a));
  const records: ShadowRecord[] = [];
  for (const file of files) {
    for (const line of (await readFile(join(options.dir, file), 'utf8')).split('\n')) {
      if (line !== '') records.push(JSON.parse(line) as ShadowRecord);
    }
  }
  const byModel = new Map<string, ShadowRecord[]>();
  for (const r of records) byModel.set(r.shadow.model, [...(byModel.get(r.shadow.model) ?? []), r]);
  const shadows = [...byModel]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, rs]): ShadowSummary => {
      const outcomes: Record<string, number> = {};
      const comparisons: Record<string, number> = {};
      const diffs: number[] = [];
      for (const r of rs) {
        bump(outcomes, r.shadow.outcome);
        bump(comparisons, r.comparison);
        if (r.difference !== undefined) diffs.push(Math.abs(r.difference));
      }
      const answered = rs.filter((r) => r.shadow.outcome === 'ok').map((r) => r.shadow.durationMs);
      return {
        model,
        pairs: rs.length,
        outcomes,
        comparisons,
        meanAbsDifference: diffs.reduce((a, b) => a + b, 0) / Math.max(1, diffs.length),
        p50Ms: percentile(answered, 50),
        p99Ms: percentile(answered, 99),
        units: new Set(rs.map((r) => r.unit)).size,
      };
    });
  const primary = records.map((r) => r.primary.durationMs);
  return {
    calls,
    callerMismatches,
    files,
    lines: records.length,
    primaryP50Ms: percentile(primary, 50),
    primaryP99Ms: percentile(primary, 99),
    shadows,
  };
}
