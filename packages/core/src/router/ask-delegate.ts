import { type GuardTimer, withinTime } from '../guard/call-with-timeout.js';
import { showValue } from '../rollout/shape/show-value.js';
import type { DelegateAssigner } from '../sources/source.js';
import type { DelegateFailure } from '../vocabulary/outcomes.js';
import { isThenable } from '../vocabulary/is-thenable.js';

/** How long a call waits for its delegate by default (`RouterOptions.delegateTimeoutMs`), in ms. */
export const DEFAULT_DELEGATE_TIMEOUT_MS = 100;

/** What a delegate said for one call. Never a rejection: failures are values. */
export type DelegateAnswer =
  | { readonly kind: 'variant'; readonly variant: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'failed'; readonly failure: DelegateFailure; readonly reason: string; readonly error?: unknown };

const NONE: DelegateAnswer = Object.freeze({ kind: 'none' });

/**
 * Asks a delegate (a flag service's per-call targeting) which model answers this call, and checks the
 * answer against the router's models. Never throws and never rejects: a delegate that throws, rejects,
 * names an unknown model or has not answered within `timeoutMs` yields `failed`, so the caller falls back
 * to the document's decision.
 */
export async function askDelegate(
  delegate: DelegateAssigner,
  models: Readonly<Record<string, unknown>>,
  unit: string | undefined,
  attributes: Readonly<Record<string, unknown>> | undefined,
  timeoutMs: number,
  timer: GuardTimer,
): Promise<DelegateAnswer> {
  let answer: unknown;
  try {
    answer = delegate.assign(unit, attributes);
    if (isThenable(answer)) answer = await withinTime(answer, timeoutMs, timer, () => TIMED_OUT);
  } catch (error) {
    if (error === TIMED_OUT)
      return {
        kind: 'failed',
        failure: 'timeout',
        reason: `the delegate did not answer within delegateTimeoutMs (${timeoutMs} ms)`,
      };
    return { kind: 'failed', failure: 'error', reason: `the delegate threw: ${describeThrown(error)}`, error };
  }
  // A flag SDK's "no value": undefined, null, or the empty string (no model id is empty).
  if (answer === undefined || answer === null || answer === '') return NONE;
  if (typeof answer === 'string' && Object.hasOwn(models, answer)) return { kind: 'variant', variant: answer };
  return {
    kind: 'failed',
    failure: 'unknown_model',
    reason: `the delegate answered ${showValue(answer)}, which is not one of this router's models (${Object.keys(models).join(', ')}); make the flag's variations model ids`,
  };
}

const TIMED_OUT: unique symbol = Symbol('delegate timed out');

/** An error's message, or what was thrown; never throws (no prototype, a throwing toString). */
function describeThrown(error: unknown): string {
  try {
    if (error instanceof Error) return error.message;
  } catch {
    // a Proxy that throws on instanceof
  }
  return showValue(error);
}
