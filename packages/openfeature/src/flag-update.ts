import type { SourceUpdate } from '@modelroute/core/source-kit';
import type { OpenFeatureEvaluationDetails } from './client.js';

const describe = (value: unknown): string =>
  Array.isArray(value)
    ? 'an array'
    : typeof value === 'string'
      ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
      : `${typeof value} ${String(value)}`;

/**
 * Turns a document-mode evaluation into what the router gets: the flag's value as one route's document
 * (the router validates it), `absent` while there is no flag yet, or `invalid` (the router keeps its last
 * good document and emits `rejected` with this reason) for a flag that is gone, disabled, of another type,
 * or not a JSON object.
 */
export function documentUpdate(
  details: OpenFeatureEvaluationDetails,
  flagKey: string,
  origin: string,
  hadValue: boolean,
): SourceUpdate {
  const gone = (reason: string): SourceUpdate =>
    hadValue ? { type: 'invalid', reason, origin } : { type: 'absent', reason, origin };
  const { errorCode, value } = details;
  if (errorCode === 'FLAG_NOT_FOUND')
    return gone(
      `OpenFeature flag "${flagKey}" does not exist in the provider; create it as an object (JSON) flag whose variants are route documents`,
    );
  if (errorCode === 'PROVIDER_NOT_READY')
    return gone(`the OpenFeature provider is not ready; flag "${flagKey}" applies once it is`);
  if (errorCode === 'TYPE_MISMATCH') {
    return {
      type: 'invalid',
      reason: `OpenFeature flag "${flagKey}" is not an object flag; make it an object (JSON) flag whose variants are route documents`,
      origin,
    };
  }
  if (errorCode !== undefined) {
    return {
      type: 'invalid',
      reason: `OpenFeature could not evaluate flag "${flagKey}" (${errorCode}${details.errorMessage ? `: ${details.errorMessage}` : ''}); check the flag in your provider`,
      origin,
    };
  }
  if (value === null || value === undefined) {
    return gone(
      `OpenFeature flag "${flagKey}" served no value (reason ${details.reason ?? 'unknown'}; is it disabled?); enable it, with the route document to use as its default variant`,
    );
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      type: 'invalid',
      reason: `OpenFeature flag "${flagKey}" served ${describe(value)}, not a route document; make it an object flag whose variants are route documents like { "champion": "m1", "weights": { "m1": 95, "m2": 5 } }`,
      origin,
    };
  }
  return { type: 'route', route: value, origin };
}
