import type { DelegateAssigner } from '../sources/source.js';
import type { DelegateFailure } from '../vocabulary/outcomes.js';

/** What a delegate said for one call. Never a rejection: failures are values. */
export type DelegateAnswer =
  | { readonly kind: 'variant'; readonly variant: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'failed'; readonly failure: DelegateFailure; readonly reason: string; readonly error?: unknown };

const NONE: DelegateAnswer = Object.freeze({ kind: 'none' });

/**
 * Asks a delegate (a flag service's per-call targeting) which model answers this call, and checks the
 * answer against the router's models. Never throws and never rejects: a delegate that throws, rejects
 * or names an unknown model yields `failed`, so the caller falls back to the document's decision.
 */
export async function askDelegate(
  delegate: DelegateAssigner,
  models: Readonly<Record<string, unknown>>,
  unit: string | undefined,
  attributes: Readonly<Record<string, unknown>> | undefined,
): Promise<DelegateAnswer> {
  let answer: unknown;
  try {
    answer = await delegate.assign(unit, attributes);
  } catch (error) {
    return {
      kind: 'failed',
      failure: 'error',
      reason: `the delegate threw: ${error instanceof Error ? error.message : String(error)}`,
      error,
    };
  }
  // A flag SDK's "no value": undefined, null, or the empty string (no model id is empty).
  if (answer === undefined || answer === null || answer === '') return NONE;
  if (typeof answer === 'string' && Object.hasOwn(models, answer)) return { kind: 'variant', variant: answer };
  return {
    kind: 'failed',
    failure: 'unknown_model',
    reason: `the delegate answered ${JSON.stringify(answer)}, which is not one of this router's models (${Object.keys(models).join(', ')}); make the flag's variations model ids`,
  };
}
