import * as z from 'zod/mini';
import { rolloutDocumentSchema } from './schema.js';
import { WEIGHT_JSON_SCHEMA, weightSchema } from './weight-range.js';

/**
 * The JSON Schema (draft 2020-12) of a rollout document, generated from the validator's own
 * definitions; the package ships it as `@modelroute/core/rollout.schema.json`. Rules that JSON Schema
 * cannot express (at least one weight above 0, models the router knows, no `__proto__` key, model ids of
 * well-formed Unicode) are checked by the router.
 */
export function rolloutJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(rolloutDocumentSchema(), {
    target: 'draft-2020-12',
    io: 'input',
    override: (ctx) => {
      if (ctx.zodSchema === weightSchema()) Object.assign(ctx.jsonSchema, WEIGHT_JSON_SCHEMA);
    },
  }) as Record<string, unknown>;
  return { ...schema, title: 'modelroute rollout document' };
}
