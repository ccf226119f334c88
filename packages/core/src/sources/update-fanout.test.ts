import { describe, expect, it } from 'vitest';
import type { SourceUpdate } from './source.js';
import { updateFanout } from './update-fanout.js';

const doc = (n: number): SourceUpdate => ({ type: 'document', document: { n } });

describe('updateFanout', () => {
  it('hands every update to every listener, the latest at once to a late one, and nothing after close', async () => {
    const fanout = updateFanout();
    const early: SourceUpdate[] = [];
    const late: SourceUpdate[] = [];
    const ready = Promise.resolve();
    const first = fanout.subscribe((u) => early.push(u), ready);
    expect(first.ready).toBe(ready);
    fanout.deliver(doc(1));
    fanout.deliver(doc(2));
    fanout.subscribe((u) => late.push(u), ready);
    expect(late).toEqual([doc(2)]);
    first.unsubscribe();
    fanout.deliver(doc(3));
    expect(early).toEqual([doc(1), doc(2)]);
    expect(late).toEqual([doc(2), doc(3)]);
    fanout.close();
    fanout.deliver(doc(4));
    expect(late).toEqual([doc(2), doc(3)]);
    expect(fanout.latest).toEqual(doc(3));
  });
});
