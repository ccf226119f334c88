// `pnpm bench`: runs every *.bench.mjs in this folder, one after another, each in its own process,
// and prints their tables. Paste the output into RESULTS.md with a line on what changed.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
console.log(`# modelroute benchmarks\n\n${machine()}, ${new Date().toISOString().slice(0, 10)}\n`);
for (const file of files) {
  execFileSync(process.execPath, ['--expose-gc', `${here}/${file}`], { stdio: 'inherit' });
}
