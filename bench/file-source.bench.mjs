// Issue 2: how soon a file edit reaches the next call (the issue asks for within one second).
// Time from the write returning to the router's `applied` event, for atomic renames and in-place writes.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter, fileSource } from '@modelroute/core';
import { table } from './harness.mjs';

const dir = mkdtempSync(join(tmpdir(), 'modelroute-bench-file-'));
const file = join(dir, 'rollout.json');
const doc = (n) =>
  JSON.stringify({ routes: { r: { champion: 'a', weights: { a: 100 - n, b: n }, version: `v${n}` } } });
writeFileSync(file, doc(0));
const source = fileSource(file);
const router = await createRouter({ route: 'r', models: { a: () => 1, b: () => 2 }, source, fallback: 'a' });

async function propagation(write, edits, offset) {
  const times = [];
  for (let n = 1; n <= edits; n++) {
    const applied = new Promise((resolve) => router.once('applied', resolve));
    const start = performance.now();
    write(doc(n + offset));
    await applied;
    times.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 30));
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}
const atomic = (text) => {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
};
const inPlace = (text) => writeFileSync(file, text);

const keepAlive = setInterval(() => {}, 1000);
const a = await propagation(atomic, 20, 0);
const p = await propagation(inPlace, 20, 50);
clearInterval(keepAlive);
table(
  'File edit to next call (issue 2; target: within 1 s)',
  ['write', 'median', 'max of 20'],
  [
    ['atomic rename', `${a.median.toFixed(1)} ms`, `${a.max.toFixed(1)} ms`],
    ['in-place write', `${p.median.toFixed(1)} ms`, `${p.max.toFixed(1)} ms`],
  ],
);
await router.close();
await source.close();
rmSync(dir, { recursive: true, force: true });
