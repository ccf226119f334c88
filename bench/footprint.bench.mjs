// What a user pays to adopt @modelroute/core: the tarball, the install (core plus its peer
// @opentelemetry/api, from the packed tarball into a fresh npm project) and the import time over a bare
// `node -e ""`. Rounds are interleaved (bare, ESM import, CJS require, bare, ...) and each import is taken
// over the same round's bare node, medians reported, so a noisy neighbour moves every figure alike. It packs
// the dist/ that `pnpm bench` has just built (no prepack: a rebuild would pull dist/ from under a concurrent
// test run). Wall time on a loaded machine mostly measures the wait for a CPU, so each child also reports
// the CPU time of its import (process.cpuUsage), and the CPU time a bare node spends before its first line,
// for scale. Budgets (issue 11): install <= 3 MB, import <= 30 ms.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { npmInstall, packPackage, tempProject } from '../scripts/packed-install.mjs';
import { table } from './harness.mjs';

const rounds = Number(process.env.FOOTPRINT_ROUNDS ?? 21);
const installBudget = 3 * 1024 * 1024;
const importBudgetMs = 30;

/** Bytes of every file under `dir` (apparent size, what a registry page calls the unpacked size). */
function bytesUnder(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const ms = (x) => `${x.toFixed(1)} ms`;
const within = (x, budget, text) => `${text} ${x <= budget ? 'ok' : 'OVER'}`;

// Each child prints "<cpu ms before its first line> <cpu ms of the import>".
const cpu = '(c) => (c.user + c.system) / 1000';
const scenarios = {
  bare: ['-e', `console.log((${cpu})(process.cpuUsage()), 0)`],
  esm: [
    '--input-type=module',
    '-e',
    `const f = ${cpu}; const s = f(process.cpuUsage()); await import('@modelroute/core'); console.log(s, f(process.cpuUsage()) - s);`,
  ],
  // Node's ESM loader alone: what importing any ES module file (an empty one, beside the app) costs.
  emptyEsm: [
    '--input-type=module',
    '-e',
    `const f = ${cpu}; const s = f(process.cpuUsage()); await import('./empty.mjs'); console.log(s, f(process.cpuUsage()) - s);`,
  ],
  cjs: [
    '-e',
    `const f = ${cpu}; const s = f(process.cpuUsage()); require('@modelroute/core'); console.log(s, f(process.cpuUsage()) - s);`,
  ],
};

const project = tempProject('modelroute-footprint-');
try {
  // FOOTPRINT_TARBALL measures another tarball of core (an older version: the "before" of a change).
  // core depends on @modelroute/stats (released together), so its tarball comes along.
  const tarball = process.env.FOOTPRINT_TARBALL ?? packPackage('core', join(project.dir, 'tarballs'), { build: false });
  const companions = process.env.FOOTPRINT_TARBALL
    ? []
    : [packPackage('stats', join(project.dir, 'tarballs'), { build: false })];
  const app = join(project.dir, 'app');
  mkdirSync(app);
  npmInstall(app, [tarball, ...companions, '@opentelemetry/api@^1.9.0']);
  writeFileSync(join(app, 'empty.mjs'), 'export default 1;\n');

  const modules = join(app, 'node_modules');
  const packages = readdirSync(modules, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.')) return [];
    return e.name.startsWith('@') ? readdirSync(join(modules, e.name)).map((n) => `${e.name}/${n}`) : [e.name];
  });
  const sizes = packages.map((name) => [name, bytesUnder(join(modules, name))]).sort((a, b) => b[1] - a[1]);
  const install = bytesUnder(modules);

  const wall = { bare: [], esm: [], emptyEsm: [], cjs: [] };
  const startCpu = [];
  const importCpu = { esm: [], emptyEsm: [], cjs: [] };
  for (let r = 0; r < rounds; r++) {
    for (const [name, args] of Object.entries(scenarios)) {
      const start = process.hrtime.bigint();
      const child = spawnSync(process.execPath, args, { cwd: app, encoding: 'utf8' });
      wall[name].push(Number(process.hrtime.bigint() - start) / 1e6);
      if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
      const [before, spent] = child.stdout.trim().split(' ').map(Number);
      if (name === 'bare') startCpu.push(before);
      else importCpu[name].push(spent);
    }
  }
  const bare = median(wall.bare);
  // Over bare, round by round: each round's import minus the same round's bare node, then the median. On this
  // VM the wall time of a whole process drifts by tens of ms over a run, and a difference of two medians
  // taken from different moments carried that drift (it read below zero at times); a paired one does not.
  const overBare = (kind) => median(wall[kind].map((t, r) => t - wall.bare[r]));

  table(
    'Footprint of @modelroute/core (+ @opentelemetry/api), from the packed tarball',
    ['measure', 'value', 'budget'],
    [
      ['tarball (packed)', mb(statSync(tarball).size), ''],
      ['install (node_modules)', mb(install), within(install, installBudget, mb(installBudget))],
      ...sizes.map(([name, bytes]) => [`  ${name}`, mb(bytes), '']),
      [`bare \`node -e ""\`: wall (median of ${rounds})`, ms(bare), ''],
      ['bare `node -e ""`: CPU before its first line', ms(median(startCpu)), ''],
      ["import of an empty ES module file (Node's ESM loader alone): wall over bare", ms(overBare('emptyEsm')), ''],
      ...['esm', 'cjs'].flatMap((kind) => [
        [`${kind.toUpperCase()} import: wall over bare`, ms(overBare(kind)), `${importBudgetMs} ms`],
        [
          `${kind.toUpperCase()} import: CPU`,
          ms(median(importCpu[kind])),
          within(median(importCpu[kind]), importBudgetMs, `${importBudgetMs} ms`),
        ],
      ]),
    ],
  );
} finally {
  project.remove();
}
