import type { CallOutcome } from '../vocabulary/outcomes.js';
import type { Judgement } from './compare-outputs.js';
import type { ShadowCall } from './shadow-call.js';
import type { ShadowOptions } from './shadow-options.js';
import type { ShadowRecord } from './shadow-record.js';

const errorMessage = (error: unknown): string => {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return 'unprintable error';
  }
};

/** Builds the record of one pair, applying the caller's projections and the unit policy. May throw (a projection's own error). */
export function buildShadowRecord<I, O>(
  route: string,
  options: ShadowOptions<I, O>,
  recordUnit: (unit: string) => string | undefined,
  isValid: (output: O) => boolean,
  call: ShadowCall<I, O>,
  outcome: CallOutcome,
  value: O | undefined,
  error: unknown,
  durationMs: number,
  judgement: Judgement,
): ShadowRecord {
  const project = options.project;
  const primary = call.primary as O;
  const primaryValid = isValid(primary); // never throws: the router's isValid is wrapped by safeIsValid
  const shadow: { model: string; output?: unknown; durationMs: number; outcome: CallOutcome; error?: string } = {
    model: call.model,
    durationMs,
    outcome,
  };
  if (outcome === 'ok' || outcome === 'invalid') shadow.output = project ? project(value as O, 'shadow') : value;
  if (outcome === 'error') shadow.error = errorMessage(error);
  const configVersion = call.decision?.configVersion;
  const unit = call.unit === undefined ? undefined : recordUnit(call.unit);
  const record: ShadowRecord = {
    time: new Date((options.timestamp ?? Date.now)()).toISOString(),
    route,
    ...(configVersion === undefined ? {} : { configVersion }),
    ...(unit === undefined ? {} : { unit }),
    ...(options.recordInput ? { input: options.recordInput(call.input as I) } : {}),
    primary: {
      model: call.decision?.variant ?? '',
      output: project ? project(primary, 'primary') : primary,
      durationMs: call.primaryMs,
      outcome: primaryValid ? 'ok' : 'invalid',
    },
    shadow,
    comparison: judgement.comparison,
    ...(judgement.difference === undefined ? {} : { difference: judgement.difference }),
  };
  return record;
}
