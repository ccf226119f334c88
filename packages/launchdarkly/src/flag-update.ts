import type { SourceUpdate } from '@modelroute/core/source-kit';
import type { LaunchDarklyEvaluationDetail } from './client.js';

const describe = (value: unknown): string =>
  Array.isArray(value)
    ? 'an array'
    : typeof value === 'string'
      ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
      : `${typeof value} ${String(value)}`;

/**
 * Turns a document-mode evaluation into what the router gets: the flag's value as one route's document
 * (the router validates it), `absent` while there is no flag yet, or `invalid` (the router keeps its last
 * good document and emits `rejected` with this reason) for a flag that is gone, off without an off
 * variation, or not a JSON object.
 */
export function documentUpdate(
  detail: LaunchDarklyEvaluationDetail,
  flagKey: string,
  origin: string,
  hadValue: boolean,
): SourceUpdate {
  const kind = detail.reason?.kind;
  const errorKind = detail.reason?.errorKind;
  const gone = (reason: string): SourceUpdate =>
    hadValue ? { type: 'invalid', reason, origin } : { type: 'absent', reason, origin };
  if (kind === 'ERROR') {
    if (errorKind === 'FLAG_NOT_FOUND') {
      return gone(
        `LaunchDarkly flag "${flagKey}" does not exist in this environment; create it as a JSON flag whose variations are route documents`,
      );
    }
    if (errorKind === 'CLIENT_NOT_READY')
      return gone(`the LaunchDarkly client is not initialized yet; flag "${flagKey}" applies once it is`);
    return {
      type: 'invalid',
      reason: `LaunchDarkly could not evaluate flag "${flagKey}" (${errorKind ?? 'unknown error'}); check the flag's targeting in the dashboard`,
      origin,
    };
  }
  const value = detail.value;
  if (value === null || value === undefined) {
    return gone(
      `LaunchDarkly flag "${flagKey}" served no value (is it off without an off variation?); give it an off variation holding the route document to use while it is off`,
    );
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      type: 'invalid',
      reason: `LaunchDarkly flag "${flagKey}" served ${describe(value)}, not a route document; make it a JSON flag whose variations are route documents like { "champion": "m1", "weights": { "m1": 95, "m2": 5 } }`,
      origin,
    };
  }
  return { type: 'route', route: value, origin };
}
