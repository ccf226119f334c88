/**
 * A value as a message shows it after "got": strings quoted, numbers, booleans, null and undefined as they
 * are, an array or an object by its kind. Never throws (an object without a prototype, a symbol, a BigInt).
 */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? 'a function' : String(value);
  return 'an object';
}
