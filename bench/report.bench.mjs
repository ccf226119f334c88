// Issue 18: `modelroute report` on a 10,000-change history must render in under 2 s. Measures, per round,
// (1) reportFile: read the file and its history, replay it, build the page, write it; (2) headless
// Chromium (/usr/bin/chromium) opening the page to its load event. Median of 5 rounds, both interleaved.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { reportFile } from '@modelroute/cli';
import { chromium } from 'playwright-core';
import { table } from './harness.mjs';

const CHANGES = 10_000;
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
const canonical = (v) =>
  v !== null && typeof v === 'object' && !Array.isArray(v)
    ? `{${Object.keys(v)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
        .join(',')}}`
    : JSON.stringify(v);

// A hash-chained history of CHANGES weight changes (the format `changeRoute` writes), written in one go.
const dir = await mkdtemp(join(tmpdir(), 'modelroute-report-bench-'));
const file = join(dir, 'rollout.json');
let prev = '0'.repeat(64);
let before;
const lines = [];
for (let i = 0; i < CHANGES; i++) {
  const share = 1 + ((i * 37) % 99);
  const after = { champion: 'a', weights: { a: 100 - share, b: share } };
  const diff =
    before === undefined
      ? [{ path: [], after }]
      : ['a', 'b'].map((v) => ({ path: ['weights', v], before: before.weights[v], after: after.weights[v] }));
  const entry = {
    v: 2,
    seq: i + 1,
    at: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
    actor: i % 10 === 9 ? 'rollout-controller' : 'alice',
    action: i % 10 === 9 ? 'advance' : 'set',
    file,
    reason: `change ${i + 1}`,
    ...(i % 10 === 9
      ? { evidence: { action: 'advance', outcome: 'successful', code: 'sample_reached', reason: 'no trip' } }
      : {}),
    summary: `checkout: weights a=${after.weights.a} b=${after.weights.b}`,
    changes: { checkout: { diff, hash: sha256(canonical(after)) } },
    prev,
  };
  const text = JSON.stringify(entry);
  lines.push(text);
  prev = sha256(text);
  before = after;
}
await writeFile(file, JSON.stringify({ routes: { checkout: before } }));
await writeFile(`${file}.audit.log`, lines.map((l) => `${l}\n`).join(''));

const profile = await mkdtemp(join(tmpdir(), 'modelroute-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
const out = join(dir, 'report.html');
const samples = { build: [], open: [] };
let bytes = 0;
for (let round = 0; round < 5; round++) {
  let t = performance.now();
  bytes = (await reportFile(file, { route: 'checkout', out })).bytes;
  samples.build.push(performance.now() - t);
  const page = await browser.newPage();
  t = performance.now();
  await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
  samples.open.push(performance.now() - t);
  await page.close();
}
await browser.close();
if (!process.env.KEEP) await rm(dir, { recursive: true, force: true });
else console.log(dir);
await rm(profile, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ms = (x) => `${x.toFixed(0)} ms`;
table(
  `Rollout report of a ${CHANGES.toLocaleString('en')}-change history (issue 18; median of 5)`,
  ['page size', 'reportFile (read, replay, build, write)', 'Chromium: open to load event', 'total', 'budget'],
  [
    [
      `${(bytes / 1024).toFixed(0)} KiB`,
      ms(median(samples.build)),
      ms(median(samples.open)),
      ms(median(samples.build) + median(samples.open)),
      '2000 ms',
    ],
  ],
);
