import { describe, expect, it } from 'vitest';
import { callbackSink } from './callback-sink.js';
import type { ShadowRecord } from './shadow-record.js';
import { deferred } from './shadow.test-support.js';

const record = {
  time: '',
  route: 'r',
  primary: { model: 'v3', output: 1, durationMs: 1, outcome: 'ok' },
  shadow: { model: 'v5', durationMs: 1, outcome: 'ok' },
  comparison: 'agree',
} as ShadowRecord;

describe('callbackSink', () => {
  it('hands records to a sync callback; a throw drops that record', () => {
    const seen: ShadowRecord[] = [];
    const sink = callbackSink((r) => {
      if (seen.length === 1) throw new Error('no');
      seen.push(r);
    });
    expect(sink.write(record)).toBe(true);
    expect(sink.write(record)).toBe(false);
  });

  it('drops beyond maxPending slow async callbacks, reports rejections as lost, and flushes when they settle', async () => {
    const gates = [deferred<void>(), deferred<void>()];
    let n = 0;
    const sink = callbackSink(() => gates[n++]!.promise, { maxPending: 2 });
    const lost: string[] = [];
    sink.attach!((model) => lost.push(model));
    expect(sink.write(record)).toBe(true);
    expect(sink.write(record)).toBe(true);
    expect(sink.write(record)).toBe(false); // two pending: full
    let flushed = false;
    const flushing = sink.flush!().then(() => (flushed = true));
    gates[0]!.resolve();
    gates[1]!.reject(new Error('queue down'));
    await flushing;
    expect(flushed).toBe(true);
    expect(lost).toEqual(['v5']);
    await sink.close!();
    expect(sink.write(record)).toBe(false);
  });
});
