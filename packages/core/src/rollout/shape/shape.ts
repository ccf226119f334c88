// The rollout document's shapes as plain data: one interpreter checks a value against them
// (check-shape.ts) and one writes their JSON Schema (shape-json-schema.ts). This replaced zod, whose
// code was two fifths of what importing @modelroute/core compiled (bench/footprint.bench.mjs); the
// messages, their order and the published JSON Schema stayed the same.

/** A message for a value that does not fit, from the value. */
export type Message = (input: unknown) => string;

/** A bound or rule on a number, checked in order once the value is a finite number. */
export type NumberRule =
  | { kind: 'min' | 'max' | 'gt' | 'lt'; value: number; message?: Message }
  | { kind: 'int'; message?: Message }
  | { kind: 'refine'; test: (n: number) => boolean; message?: Message };

/** A rule over a whole value that passed its shape: adds issues at paths below it. */
export type Refinement<T> = (value: T, add: (path: PropertyKey[], message: string) => void) => void;

interface Described {
  description?: string;
}
export interface NumberShape extends Described {
  kind: 'number';
  message: Message;
  rules: readonly NumberRule[];
  /** Replaces what the rules would publish in the JSON Schema (a refinement has none of its own). */
  json?: Record<string, unknown>;
}
export interface StringShape extends Described {
  kind: 'string';
  message?: Message;
  minLength?: { value: number; message: Message };
  refine?: (value: string) => string | undefined;
}
export interface BooleanShape extends Described {
  kind: 'boolean';
  message: Message;
}
export interface EnumShape extends Described {
  kind: 'enum';
  values: readonly string[];
  message: Message;
}
export interface OptionalShape extends Described {
  kind: 'optional';
  inner: Shape;
}
export interface ObjectShape extends Described {
  kind: 'object';
  /** The keys a value may hold; the object is strict: any other key is reported. */
  keys: Readonly<Record<string, Shape>>;
  /** For a value that is no object; default: zod's English "Invalid input: expected object, received ...". */
  message?: Message;
  refine?: Refinement<never>;
}
export interface RecordShape extends Described {
  kind: 'record';
  key: StringShape;
  value: Shape;
  message: Message;
}
export interface ArrayShape extends Described {
  kind: 'array';
  item: Shape;
  message: Message;
  minLength?: { value: number; message: Message };
}
export interface UnknownShape extends Described {
  kind: 'unknown';
}

/** What a value of a rollout document may be. */
export type Shape =
  | NumberShape
  | StringShape
  | BooleanShape
  | EnumShape
  | OptionalShape
  | ObjectShape
  | RecordShape
  | ArrayShape
  | UnknownShape;

/** `shape` with a description for the JSON Schema (a description on an optional comes first there, as zod wrote it). */
export const describe = <S extends Shape>(shape: S, description: string): S => ({ ...shape, description });

export const optional = (inner: Shape, description?: string): OptionalShape =>
  description === undefined ? { kind: 'optional', inner } : { kind: 'optional', inner, description };
