import type { ArrayShape, NumberRule, NumberShape, ObjectShape, RecordShape, Shape, StringShape } from './shape.js';

/**
 * One problem with a value. `abort` marks a value of the wrong kind: the rules of the objects around it
 * (which assume well-formed parts) are then skipped, so each mistake is reported once.
 */
export interface ShapeIssue {
  path: PropertyKey[];
  message: string;
  abort: boolean;
  /** Keys the object may not hold (`message` is then unused). */
  unknownKeys?: string[];
  /** Every problem with one key of a record (the key is the last path segment). */
  keyProblems?: string[];
}

/**
 * Checks `value` against `shape`, adding every problem to `issues` with its path from the document's
 * root (`path` is where `value` sits). Returns a copy of the value holding only what the shape allows,
 * with an object's keys in the shape's order; it is the document only when no issue was added.
 */
export function checkShape(shape: Shape, value: unknown, path: PropertyKey[], issues: ShapeIssue[]): unknown {
  switch (shape.kind) {
    case 'number':
      return checkNumber(shape, value, path, issues);
    case 'string':
      return checkString(shape, value, path, issues);
    case 'boolean':
      if (typeof value !== 'boolean') issues.push({ path, message: shape.message(value), abort: true });
      return value;
    case 'enum':
      if (typeof value !== 'string' || !shape.values.includes(value))
        issues.push({ path, message: shape.message(value), abort: true });
      return value;
    case 'optional':
      return value === undefined ? undefined : checkShape(shape.inner, value, path, issues);
    case 'object':
      return checkObject(shape, value, path, issues);
    case 'record':
      return checkRecord(shape, value, path, issues);
    case 'array':
      return checkArray(shape, value, path, issues);
    case 'unknown':
      return value;
  }
}

/** True when one of the issues from `start` on marks a value of the wrong kind. */
const aborted = (issues: readonly ShapeIssue[], start: number): boolean => {
  for (let i = start; i < issues.length; i++) if (issues[i]!.abort) return true;
  return false;
};

function checkNumber(shape: NumberShape, value: unknown, path: PropertyKey[], issues: ShapeIssue[]): unknown {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ path, message: shape.message(value), abort: true });
    return value;
  }
  const start = issues.length;
  // Two broken rules that read the same (-1.5 is neither >= 0 nor an integer) are one problem.
  const broken = (rule: NumberRule, abort: boolean): void => {
    const message = (rule.message ?? shape.message)(value);
    const last = issues.length > start ? issues[issues.length - 1] : undefined;
    if (last?.message === message) last.abort ||= abort;
    else issues.push({ path, message, abort });
  };
  for (const rule of shape.rules) {
    if (rule.kind === 'int') {
      if (!Number.isInteger(value)) {
        broken(rule, true);
        return value;
      }
      if (!Number.isSafeInteger(value)) broken(rule, false);
      continue;
    }
    const fits =
      rule.kind === 'refine'
        ? rule.test(value)
        : rule.kind === 'min'
          ? value >= rule.value
          : rule.kind === 'max'
            ? value <= rule.value
            : rule.kind === 'gt'
              ? value > rule.value
              : value < rule.value;
    if (!fits) broken(rule, false);
  }
  return value;
}

function checkString(shape: StringShape, value: unknown, path: PropertyKey[], issues: ShapeIssue[]): unknown {
  if (typeof value !== 'string') {
    issues.push({ path, message: (shape.message ?? expected('string'))(value), abort: true });
    return value;
  }
  if (shape.minLength !== undefined && value.length < shape.minLength.value)
    issues.push({ path, message: shape.minLength.message(value), abort: false });
  const problem = shape.refine?.(value);
  if (problem !== undefined) issues.push({ path, message: problem, abort: false });
  return value;
}

function checkObject(shape: ObjectShape, value: unknown, path: PropertyKey[], issues: ShapeIssue[]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ path, message: (shape.message ?? expected('object'))(value), abort: true });
    return value;
  }
  const start = issues.length;
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(shape.keys)) {
    const before = issues.length;
    const present = key in input;
    const checked = checkShape(inner, input[key], [...path, key], issues);
    if (!present && inner.kind !== 'optional' && issues.length === before)
      issues.push({
        path: [...path, key],
        message: 'Invalid input: expected nonoptional, received undefined',
        abort: true,
      });
    if (checked !== undefined || present) out[key] = checked;
  }
  const unknownKeys: string[] = [];
  for (const key in input) if (!Object.hasOwn(shape.keys, key)) unknownKeys.push(key);
  if (unknownKeys.length > 0) issues.push({ path, message: '', abort: false, unknownKeys });
  if (shape.refine !== undefined && !aborted(issues, start))
    shape.refine(out as never, (at, message) => issues.push({ path: [...path, ...at], message, abort: false }));
  return out;
}

function checkRecord(shape: RecordShape, value: unknown, path: PropertyKey[], issues: ShapeIssue[]): unknown {
  if (!isPlainObject(value)) {
    issues.push({ path, message: shape.message(value), abort: true });
    return value;
  }
  const out: Record<PropertyKey, unknown> = {};
  for (const key of Reflect.ownKeys(value)) {
    if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(value, key)) continue;
    const keyIssues: ShapeIssue[] = [];
    checkShape(shape.key, key, [], keyIssues);
    if (keyIssues.length > 0) {
      issues.push({ path: [...path, key], message: '', abort: true, keyProblems: keyIssues.map((i) => i.message) });
      continue;
    }
    out[key] = checkShape(shape.value, (value as Record<PropertyKey, unknown>)[key], [...path, key], issues);
  }
  return out;
}

function checkArray(shape: ArrayShape, value: unknown, path: PropertyKey[], issues: ShapeIssue[]): unknown {
  if (!Array.isArray(value)) {
    issues.push({ path, message: shape.message(value), abort: true });
    return value;
  }
  // A loop, not map(): a hole is checked as undefined, and an array's own `constructor` key is data.
  const items: unknown[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) items[i] = checkShape(shape.item, value[i], [...path, i], issues);
  if (shape.minLength !== undefined && value.length < shape.minLength.value)
    issues.push({ path, message: shape.minLength.message(value), abort: false });
  return items;
}

/** zod's test for a record: an object whose prototype is Object's (or none), not an array or a class instance. */
function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const ctor = (value as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const prototype: unknown = ctor.prototype;
  if (typeof prototype !== 'object' || prototype === null || Array.isArray(prototype)) return false;
  return Object.hasOwn(prototype, 'isPrototypeOf');
}

/** The plain-English message for a value of the wrong kind, as zod's English locale words it. */
export const expected =
  (kind: string) =>
  (input: unknown): string =>
    `Invalid input: expected ${kind}, received ${receivedType(input)}`;

function receivedType(input: unknown): string {
  if (typeof input === 'number') return Number.isNaN(input) ? 'NaN' : String(Number.isFinite(input) ? 'number' : input);
  if (typeof input !== 'object') return typeof input;
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (Object.getPrototypeOf(input) !== Object.prototype && 'constructor' in input && input.constructor)
    return (input.constructor as { name: string }).name;
  return 'object';
}
