import type { FileHandle } from 'node:fs/promises';
import { ModelrouteError } from '../errors/modelroute-error.js';
import type { RecordSink } from '../vocabulary/record-sink.js';
import { processWarning, safeWarningHandler, type WarningHandler } from '../vocabulary/warning.js';
import { recordModel, type SinkRecord } from './sink-record.js';

// Taken when the sink opens its file, not at import (see sources/file-source.ts).
const fsp = () => process.getBuiltinModule('node:fs/promises');

/** Options of {@link jsonLinesSink}. */
export interface JsonLinesSinkOptions {
  /** Rotate before the file would grow past this many bytes. Default 67108864 (64 MiB). */
  maxFileBytes?: number;
  /** Rotated files kept: `path.1` (newest) to `path.<maxFiles>`; older ones are overwritten. Default 5. */
  maxFiles?: number;
  /** Most bytes held in memory (buffered plus being written); records beyond are dropped and counted. Default 4194304 (4 MiB). */
  maxBufferBytes?: number;
  /** Start writing once this many bytes are buffered. Default 65536 (64 KiB). */
  flushBytes?: number;
  /** Also write what is buffered this often, in milliseconds (an unref'd timer); 0 turns it off. Default 1000. */
  flushIntervalMs?: number;
  /** Turns a record into one line (no newline inside). Default `JSON.stringify`. */
  serialize?: (record: SinkRecord) => string;
  /** Where the sink says (once) that it could not write (`MODELROUTE_SINK_WRITE_FAILED`). Default: `process.emitWarning`. */
  onWarning?: WarningHandler;
}

/** A sink (shadow pairs or exposures) writing JSON lines, with its file's path. */
export interface JsonLinesSink extends RecordSink<SinkRecord> {
  readonly path: string;
}

/**
 * A sink that appends one JSON record per line to `path`: buffered in memory (bounded), written in
 * batches off the call path, rotated by size (`path` → `path.1` → `path.2` …), flushed on `router.close()`.
 * A disk that cannot keep up makes it drop records (counted), never grow. One process per file.
 */
export function jsonLinesSink(path: string, options: JsonLinesSinkOptions = {}): JsonLinesSink {
  const maxFileBytes = options.maxFileBytes ?? 64 * 1024 * 1024;
  const maxFiles = options.maxFiles ?? 5;
  const maxBufferBytes = options.maxBufferBytes ?? 4 * 1024 * 1024;
  const flushBytes = options.flushBytes ?? 64 * 1024;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const onWarning = safeWarningHandler(options.onWarning ?? processWarning);
  const serialize = options.serialize ?? JSON.stringify;
  checkOptions(path, { maxFileBytes, maxFiles, maxBufferBytes, flushBytes, flushIntervalMs });

  let lines: string[] = [];
  let sizes: number[] = [];
  let models: string[] = [];
  let bufferedBytes = 0; // waiting for a write
  let heldBytes = 0; // waiting plus being written: the memory bound
  let handle: FileHandle | undefined;
  let fileBytes = 0;
  let writing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let warned = false;
  let lost: (model: string) => void = () => {};

  const openFile = async (): Promise<FileHandle> => {
    if (handle !== undefined) return handle;
    const fh = await fsp().open(path, 'a+'); // a+: appends, and reads the last byte below
    const { size } = await fh.stat();
    // A write that failed half-way may have left a torn line: end it so the next record starts clean.
    if (size > 0) {
      const last = Buffer.alloc(1);
      await fh.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) await fh.appendFile('\n');
    }
    handle = fh;
    fileBytes = size;
    return fh;
  };

  const rotate = async (): Promise<void> => {
    await handle?.close();
    handle = undefined;
    for (let i = maxFiles - 1; i >= 1; i--) {
      await fsp()
        .rename(`${path}.${i}`, `${path}.${i + 1}`)
        .catch(() => {});
    }
    if (maxFiles >= 1) await fsp().rename(path, `${path}.1`);
    else await (await fsp().open(path, 'w')).close();
  };

  const writeBatch = async (batch: string[], batchSizes: number[]): Promise<void> => {
    let fh = await openFile();
    let chunk: string[] = [];
    let chunkBytes = 0;
    for (let i = 0; i < batch.length; i++) {
      const bytes = batchSizes[i]!;
      if (fileBytes + chunkBytes + bytes > maxFileBytes && fileBytes + chunkBytes > 0) {
        if (chunk.length > 0) await fh.appendFile(chunk.join(''));
        chunk = [];
        chunkBytes = 0;
        await rotate();
        fh = await openFile();
      }
      chunk.push(batch[i]!);
      chunkBytes += bytes;
    }
    if (chunk.length > 0) {
      await fh.appendFile(chunk.join(''));
      fileBytes += chunkBytes;
    }
  };

  const drain = async (): Promise<void> => {
    while (lines.length > 0) {
      const batch = lines;
      const batchSizes = sizes;
      const batchModels = models;
      const batchBytes = bufferedBytes;
      lines = [];
      sizes = [];
      models = [];
      bufferedBytes = 0;
      try {
        await writeBatch(batch, batchSizes);
      } catch (error) {
        // The batch is lost: count it, forget the handle (reopened next time), say so once.
        await handle?.close().catch(() => {});
        handle = undefined;
        for (const model of batchModels) lost(model);
        if (!warned) {
          warned = true;
          onWarning({
            code: 'MODELROUTE_SINK_WRITE_FAILED',
            message: `modelroute: the sink could not write ${path}; records are dropped and counted: ${(error as Error).message}`,
          });
        }
      } finally {
        heldBytes -= batchBytes;
      }
    }
  };

  const kick = (): Promise<void> => {
    writing ??= drain().finally(() => {
      writing = undefined;
    });
    return writing;
  };

  const flush = async (): Promise<void> => {
    while (writing !== undefined || lines.length > 0) await kick();
  };

  return {
    path,
    write(record) {
      if (closed) return false;
      let line: string;
      try {
        line = `${serialize(record)}\n`;
      } catch {
        return false;
      }
      const bytes = Buffer.byteLength(line);
      if (heldBytes + bytes > maxBufferBytes) return false;
      lines.push(line);
      sizes.push(bytes);
      models.push(recordModel(record));
      bufferedBytes += bytes;
      heldBytes += bytes;
      if (bufferedBytes >= flushBytes) void kick();
      else if (timer === undefined && flushIntervalMs > 0) {
        timer = setInterval(() => void kick(), flushIntervalMs);
        timer.unref();
      }
      return true;
    },
    flush,
    async close() {
      closed = true;
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await flush();
      await handle?.close().catch(() => {});
      handle = undefined;
    },
    attach(report) {
      lost = report;
    },
  };
}

function checkOptions(path: unknown, numbers: Record<string, number>): void {
  const fail = (message: string): never => {
    throw new ModelrouteError('invalid_options', `jsonLinesSink: ${message}`);
  };
  if (typeof path !== 'string' || path === '')
    fail('pass the path of the file to append to, for example jsonLinesSink("shadow-pairs.jsonl")');
  for (const [name, value] of Object.entries(numbers)) {
    const ok = name === 'maxFileBytes' || name === 'maxBufferBytes' ? value > 0 : value >= 0;
    if (!(Number.isFinite(value) && ok))
      fail(
        `${name} must be a ${name.endsWith('Bytes') && name !== 'flushBytes' ? 'positive' : 'non-negative'} number, got ${value}`,
      );
  }
  if (!Number.isInteger(numbers.maxFiles)) fail(`maxFiles must be a whole number of files, got ${numbers.maxFiles}`);
}
