// pnpm --filter @modelroute/example-review start: soft triggers for human review.
// credit-v2 never errors and is as fast as credit-v1, so the guard stays quiet; but its risk scores drift
// upwards and it leans on zip_code instead of income. The router raises review signals, and moves nothing.
import { runDemo } from './run-demo.js';

const result = await runDemo({ log: console.log });
console.log(`\n${result.calls} calls; signals raised: ${result.signals.length}`);
for (const s of result.signals) console.log(`- ${s.trigger} on ${s.variant}: ${JSON.stringify(s.figures)}`);
console.log(`decisions moved by a review: ${result.movedDecisions}; shares still ${JSON.stringify(result.shares)}`);
