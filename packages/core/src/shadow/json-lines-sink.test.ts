import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isModelrouteError } from '../errors/modelroute-error.js';
import { jsonLinesSink } from './json-lines-sink.js';
import type { ShadowRecord } from './shadow-record.js';
import { captureWarnings } from '../errors/capture-warnings.test-support.js';

const record = (i: number, extra = ''): ShadowRecord => ({
  time: new Date(Date.UTC(2026, 10, 26, 12, 0, i)).toISOString(),
  route: 'fraud',
  unit: `hash-${i}`,
  primary: { model: 'v3', output: { score: i, note: `ünïcødé ${extra}` }, durationMs: 1, outcome: 'ok' },
  shadow: { model: 'v5', output: { score: i + 1 }, durationMs: 2, outcome: 'ok' },
  comparison: 'disagree',
});
const made: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'modelroute-jsonl-'));
  made.push(dir);
  return dir;
};
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));
const parseAll = async (path: string) =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ShadowRecord);

describe('jsonLinesSink', () => {
  it('appends one parseable JSON record per line, flushed on close', async () => {
    const path = join(await tempDir(), 'pairs.jsonl');
    const sink = jsonLinesSink(path, { flushIntervalMs: 0 });
    for (let i = 0; i < 500; i++) expect(sink.write(record(i))).toBe(true);
    await sink.close!();
    const records = await parseAll(path);
    expect(records.map((r) => r.primary.output)).toEqual(
      Array.from({ length: 500 }, (_, i) => ({ score: i, note: 'ünïcødé ' })),
    );
    expect(sink.write(record(0))).toBe(false); // closed
  });

  it('appends to an existing file, and ends a torn last line before writing', async () => {
    const path = join(await tempDir(), 'pairs.jsonl');
    await writeFile(path, `${JSON.stringify(record(0))}\n{"torn":`);
    const sink = jsonLinesSink(path, { flushIntervalMs: 0 });
    sink.write(record(1));
    await sink.close!();
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines).toHaveLength(4); // record 0, the torn line, record 1, and the final empty string
    expect(JSON.parse(lines[0]!).unit).toBe('hash-0');
    expect(lines[1]).toBe('{"torn":');
    expect(JSON.parse(lines[2]!).unit).toBe('hash-1');
  });

  it('rotates by size: path, path.1 (newest) … path.N, each within maxFileBytes, oldest dropped', async () => {
    const dir = await tempDir();
    const path = join(dir, 'pairs.jsonl');
    const lineBytes = Buffer.byteLength(`${JSON.stringify(record(100))}\n`);
    const maxFileBytes = lineBytes * 10 + 5; // ten records a file
    const sink = jsonLinesSink(path, { maxFileBytes, maxFiles: 3, flushBytes: lineBytes * 7, flushIntervalMs: 0 });
    for (let i = 100; i < 150; i++) {
      sink.write(record(i));
      if (i % 13 === 0) await sink.flush!();
    }
    await sink.close!();
    expect((await readdir(dir)).sort()).toEqual(['pairs.jsonl', 'pairs.jsonl.1', 'pairs.jsonl.2', 'pairs.jsonl.3']);
    const files = [`${path}.3`, `${path}.2`, `${path}.1`, path]; // oldest to newest
    const seen: number[] = [];
    for (const file of files) {
      expect((await stat(file)).size).toBeLessThanOrEqual(maxFileBytes);
      seen.push(...(await parseAll(file)).map((r) => (r.primary.output as { score: number }).score));
    }
    // 50 records, 10 a file, 4 files kept: the 40 newest, in order.
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => 110 + i));
  });

  it('drops (returns false) beyond maxBufferBytes instead of growing, and counts nothing it accepted as lost', async () => {
    const path = join(await tempDir(), 'pairs.jsonl');
    const lineBytes = Buffer.byteLength(`${JSON.stringify(record(100))}\n`);
    const sink = jsonLinesSink(path, {
      maxBufferBytes: lineBytes * 5,
      flushBytes: lineBytes * 100,
      flushIntervalMs: 0,
    });
    const lost: string[] = [];
    sink.attach!((model) => lost.push(model));
    const accepted = Array.from({ length: 20 }, (_, i) => sink.write(record(100 + i)));
    expect(accepted.filter(Boolean)).toHaveLength(5);
    await sink.close!();
    expect(await parseAll(path)).toHaveLength(5);
    expect(lost).toEqual([]);
  });

  it('reports records lost to a failed write, by model, and does not reject', async () => {
    const warnings = captureWarnings();
    const path = join(await tempDir(), 'missing-dir', 'pairs.jsonl');
    const sink = jsonLinesSink(path, { flushIntervalMs: 0 });
    const lost: string[] = [];
    sink.attach!((model) => lost.push(model));
    sink.write(record(1));
    sink.write(record(2));
    await sink.close!();
    expect(lost).toEqual(['v5', 'v5']);
    expect(warnings.map((w) => w.message)).toEqual([
      `modelroute: the sink could not write ${path}; records are dropped and counted: ENOENT: no such file or directory, open '${path}'`,
    ]);
  });

  it('drops a record that cannot be serialized', async () => {
    const path = join(await tempDir(), 'pairs.jsonl');
    const sink = jsonLinesSink(path, { flushIntervalMs: 0 });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(sink.write({ ...record(1), input: circular })).toBe(false);
    expect(sink.write(record(2))).toBe(true);
    await sink.close!();
    expect(await parseAll(path)).toHaveLength(1);
  });

  it('rejects bad options with invalid_options', () => {
    for (const [path, options] of [
      ['', {}],
      ['x', { maxFileBytes: 0 }],
      ['x', { maxFiles: 1.5 }],
      ['x', { maxBufferBytes: -1 }],
    ] as const) {
      let error: unknown;
      try {
        jsonLinesSink(path, options);
      } catch (e) {
        error = e;
      }
      expect(isModelrouteError(error, 'invalid_options')).toBe(true);
    }
  });
});
