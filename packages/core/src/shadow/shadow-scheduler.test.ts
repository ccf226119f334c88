import { describe, expect, it } from 'vitest';
import { defaultShadowScheduler } from './shadow-scheduler.js';

const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('defaultShadowScheduler', () => {
  it("defers work until after pending microtasks (the caller's continuation)", async () => {
    const order: string[] = [];
    defaultShadowScheduler.defer(() => order.push('shadow'));
    await Promise.resolve();
    order.push('caller');
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['caller', 'shadow']);
  });

  it("never lets a shadow timeout keep the process alive, but keeps it alive for close()'s deadline", () => {
    const before = timeouts();
    const cancelShadow = defaultShadowScheduler.timeout(() => {}, 60_000);
    expect(timeouts()).toBe(before);
    const cancelDeadline = defaultShadowScheduler.timeout(() => {}, 60_000, true);
    expect(timeouts()).toBe(before + 1);
    cancelDeadline();
    cancelShadow();
    expect(timeouts()).toBe(before);
  });
});
