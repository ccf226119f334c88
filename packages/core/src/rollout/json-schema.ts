import { rolloutDocumentShape } from './schema.js';
import { shapeJsonSchema } from './shape/shape-json-schema.js';

/**
 * The JSON Schema (draft 2020-12) of a rollout document, generated from the validator's own
 * definitions; the package ships it as `@modelroute/core/rollout.schema.json`. Rules that JSON Schema
 * cannot express (at least one weight above 0, models the router knows, no `__proto__` key, model ids of
 * well-formed Unicode) are checked by the router.
 */
export function rolloutJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...shapeJsonSchema(rolloutDocumentShape),
    title: 'modelroute rollout document',
  };
}
