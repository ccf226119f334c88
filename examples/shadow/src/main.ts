// pnpm --filter @modelroute/example-shadow start: a dark launch of two candidate fraud models.
// The champion answers every call; fraud-v4 sees half the users (whole sessions), fraud-v5 every call.
// The pairs go to a rotating JSON-lines file, read back and summarized after router.close().
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from './run-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'modelroute-shadow-demo-'));
const result = await runDemo({ dir });

console.log(`${result.calls} calls; answers that differed from the champion's own: ${result.callerMismatches}`);
console.log(
  `pairs written: ${result.lines}, in ${result.files.length} files under ${dir} (${result.files.join(', ')})`,
);
console.log(`champion latency: p50 ${result.primaryP50Ms.toFixed(1)} ms, p99 ${result.primaryP99Ms.toFixed(1)} ms\n`);
console.log('| shadow | pairs | users | outcomes | agree / disagree / error | mean abs difference | p50 | p99 |');
console.log('|---|---|---|---|---|---|---|---|');
for (const s of result.shadows) {
  const outcomes = Object.entries(s.outcomes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const c = s.comparisons;
  console.log(
    `| ${s.model} | ${s.pairs} | ${s.units} | ${outcomes} | ${c.agree ?? 0} / ${c.disagree ?? 0} / ${c.error ?? 0} | ${s.meanAbsDifference.toFixed(4)} | ${s.p50Ms.toFixed(1)} ms | ${s.p99Ms.toFixed(1)} ms |`,
  );
}
console.log('\nOne record:');
const { readFileSync } = await import('node:fs');
console.log(readFileSync(join(dir, 'pairs.jsonl'), 'utf8').split('\n')[0]);
