// Writes schema/rollout.schema.json from the built validator, so the published schema and the
// validator can never disagree (a test also compares the committed file with the source).
import { writeFileSync } from 'node:fs';
import { rolloutJsonSchema } from '../dist/index.js';

const target = new URL('../schema/rollout.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(rolloutJsonSchema(), null, 2)}\n`);
