// pnpm --filter @modelroute/example-champion-challenger start: a permanent 10% challenger earns its promotion.
// offers-v2 takes 10% of the traffic for good; its offers are accepted more often. Over simulated days the
// gate compares it with the champion on a rolling window of daily buckets; once it has won for minDays (3),
// `modelroute status --analysis` shows it ready with the evidence, and the rollout controller (gate mode
// "auto") promotes it through the CLI's file writer; the hash-chained history records the evidence.
import { runDemo } from './run-demo.js';

const result = await runDemo({ log: console.log });
const entry = result.history.at(-1);
console.log(`\nhistory: ${entry?.action} by ${entry?.actor}; evidence: ${JSON.stringify(entry?.evidence)}`);
console.log(`audit verify: ${result.verified ? 'ok' : 'BROKEN'}`);
