import type { NumberShape, Shape } from './shape.js';

/** The JSON Schema (draft 2020-12) of a shape, laid out as zod's generator laid out the published file. */
export function shapeJsonSchema(shape: Shape): Record<string, unknown> {
  if (shape.kind === 'optional') {
    const inner = shapeJsonSchema(shape.inner);
    return shape.description === undefined ? inner : { description: shape.description, ...inner };
  }
  const schema = bodyOf(shape);
  return shape.description === undefined ? schema : { ...schema, description: shape.description };
}

function bodyOf(shape: Exclude<Shape, { kind: 'optional' }>): Record<string, unknown> {
  switch (shape.kind) {
    case 'number':
      return numberSchema(shape);
    case 'string':
      return shape.minLength === undefined ? { type: 'string' } : { type: 'string', minLength: shape.minLength.value };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'string', enum: [...shape.values] };
    case 'object': {
      const entries = Object.entries(shape.keys);
      const required = entries.filter(([, inner]) => inner.kind !== 'optional').map(([key]) => key);
      return {
        type: 'object',
        properties: Object.fromEntries(entries.map(([key, inner]) => [key, shapeJsonSchema(inner)])),
        ...(required.length > 0 ? { required } : {}),
        additionalProperties: false,
      };
    }
    case 'record':
      return {
        type: 'object',
        propertyNames: shapeJsonSchema(shape.key),
        additionalProperties: shapeJsonSchema(shape.value),
      };
    case 'array':
      return {
        ...(shape.minLength === undefined ? {} : { minItems: shape.minLength.value }),
        type: 'array',
        items: shapeJsonSchema(shape.item),
      };
    case 'unknown':
      return {};
  }
}

function numberSchema(shape: NumberShape): Record<string, unknown> {
  const isInt = shape.rules.some((rule) => rule.kind === 'int');
  if (shape.json !== undefined) return { type: 'number', ...shape.json };
  const schema: Record<string, unknown> = { type: isInt ? 'integer' : 'number' };
  const lower = shape.rules.find((rule) => rule.kind === 'min' || rule.kind === 'gt');
  const upper = shape.rules.find((rule) => rule.kind === 'max' || rule.kind === 'lt');
  if (lower?.kind === 'min') schema.minimum = lower.value;
  else if (lower?.kind === 'gt') schema.exclusiveMinimum = lower.value;
  else if (isInt) schema.minimum = Number.MIN_SAFE_INTEGER;
  if (upper?.kind === 'max') schema.maximum = upper.value;
  else if (upper?.kind === 'lt') schema.exclusiveMaximum = upper.value;
  else if (isInt) schema.maximum = Number.MAX_SAFE_INTEGER;
  return schema;
}
