// pnpm --filter @modelroute/example-report start [out-dir]: the report of a staged canary.
// Builds the canary (rollout file, history with the controller's evidence, a router's analysis snapshot)
// in out-dir (default ./out) and writes out-dir/report.html with `modelroute report`'s library call.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { reportFile } from '@modelroute/cli';
import { buildStagedCanary, ROUTE } from './staged-canary.js';

const dir = resolve(process.argv[2] ?? 'out');
await mkdir(dir, { recursive: true });
const { file, snapshot, at } = await buildStagedCanary(dir);
const result = await reportFile(file, { route: ROUTE, out: join(dir, 'report.html'), analysis: snapshot, now: at });
console.log(`wrote ${result.out} (${result.bytes} bytes): ${result.answer}: ${result.because}`);
