import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isModelrouteError } from '../errors/modelroute-error.js';
import { guardHarness, pinnedRoute } from './guard.test-support.js';

describe('guard failover', () => {
  it("answers a candidate's error with the champion in the same call, counted as failover", async () => {
    const h = await guardHarness(pinnedRoute({ failover: true, minCalls: 1000 }));
    h.script.cand = () => ({ fail: true });
    const result = await h.router.predictDetailed(5, { unit: 'c' });
    expect(result.output).toBe('champ:5');
    expect(result.decision).toMatchObject({ variant: 'champ', assigned: 'cand', reason: 'guard' });
    const predictions = h.metricCalls.filter((c) => c[0] === 'prediction').map((c) => c.slice(1, 4));
    expect(predictions).toEqual([
      ['cand', 'primary', 'error'],
      ['champ', 'failover', 'ok'],
    ]);
    expect(h.router.guardStatus().find((s) => s.variant === 'cand')!.window).toMatchObject({ calls: 1, errors: 1 });
  });

  it("the caller sees the champion's error when the champion fails too", async () => {
    const h = await guardHarness(pinnedRoute({ failover: true }));
    h.script.cand = () => ({ fail: true });
    h.script.champ = () => ({ fail: true });
    await expect(h.router.predict(1, { unit: 'c' })).rejects.toThrow('champ failed on call 1');
  });

  it("without failover the caller sees the candidate's own error", async () => {
    const h = await guardHarness(pinnedRoute({ failover: false }));
    h.script.cand = () => ({ fail: true });
    await expect(h.router.predict(1, { unit: 'c' })).rejects.toThrow('cand failed on call 1');
  });

  it("no caller sees a candidate's error while the champion is healthy, whatever the candidate does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('ok', 'fail', 'nan', 'slow'), { minLength: 1, maxLength: 300 }),
        async (plan) => {
          const h = await guardHarness(
            pinnedRoute({ failover: true, minCalls: 20, invalidRate: 0.01, p99LatencyMs: 50 }),
          );
          h.script.cand = (n) => {
            const step = plan[(n - 1) % plan.length];
            return step === 'fail'
              ? { fail: true }
              : step === 'nan'
                ? { value: Number.NaN }
                : step === 'slow'
                  ? { ms: 80 }
                  : {};
          };
          for (let i = 0; i < 200; i++) {
            const r = await h.call(i % 2 === 0 ? 'c' : `u${i}`);
            expect(r.error).toBeUndefined();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a candidate slower than timeoutMs is answered by the champion; its late answer is ignored', async () => {
    const h = await guardHarness(pinnedRoute({ failover: true, timeoutMs: 200 }));
    h.script.cand = () => ({ hang: true });
    const pending = h.router.predictDetailed(3, { unit: 'c' });
    await Promise.resolve();
    expect(h.timer.timerCount).toBe(1);
    h.clock.advance(199);
    expect(h.timer.runDue()).toBe(0);
    h.clock.advance(1);
    expect(h.timer.runDue()).toBe(1);
    const result = await pending;
    expect(result).toMatchObject({
      output: 'champ:3',
      decision: { variant: 'champ', assigned: 'cand', reason: 'guard' },
    });
    const predictions = h.metricCalls.filter((c) => c[0] === 'prediction').map((c) => c.slice(1, 5));
    expect(predictions).toEqual([
      ['cand', 'primary', 'timeout', 200],
      ['champ', 'failover', 'ok', 10],
    ]);
    // The abandoned candidate settles later, as a rejection: handled, never unhandled, never recorded.
    h.hung[0]!.reject(new Error('late failure'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.metricCalls.filter((c) => c[0] === 'prediction')).toHaveLength(2);
  });

  it('a candidate that answers in time cancels its timer', async () => {
    const h = await guardHarness(pinnedRoute({ failover: true, timeoutMs: 200 }));
    h.script.cand = () => ({ hang: true });
    const pending = h.router.predict(3, { unit: 'c' });
    await Promise.resolve();
    h.hung[0]!.resolve('cand-late-but-in-time');
    expect(await pending).toBe('cand-late-but-in-time');
    expect(h.timer.timerCount).toBe(0);
  });

  it("without failover a timeout is the caller's model_timeout error", async () => {
    const h = await guardHarness(pinnedRoute({ failover: false, timeoutMs: 50 }));
    h.script.cand = () => ({ hang: true });
    const pending = h.router.predict(3, { unit: 'c' }).catch((e: unknown) => e);
    await Promise.resolve();
    h.clock.advance(50);
    h.timer.runDue();
    const error = await pending;
    expect(isModelrouteError(error, 'model_timeout')).toBe(true);
    h.hung[0]!.resolve('too late');
  });

  it('does not time the champion (it has no fallback without rollbackTo), nor sync models', async () => {
    const h = await guardHarness(pinnedRoute({ failover: true, timeoutMs: 50 }));
    h.script.champ = () => ({ hang: true });
    const pending = h.router.predict(3, { unit: 'h' });
    await Promise.resolve();
    expect(h.timer.timerCount).toBe(0);
    h.hung[0]!.resolve('slow but the champion');
    expect(await pending).toBe('slow but the champion');
    await h.call('c');
    expect(h.timer.timerCount).toBe(0);
  });

  it('fails the champion over to rollbackTo when the document names one', async () => {
    const h = await guardHarness(pinnedRoute({ failover: true }, { rollbackTo: 'prev' }));
    h.script.champ = () => ({ fail: true });
    expect(await h.call('h')).toMatchObject({ variant: 'prev', reason: 'guard', output: 'prev:1' });
  });
});
