// `pnpm check:packages`: packs every published package as a release does (`pnpm pack`, whose `prepack`
// builds it) and checks each tarball: publint (strict), @arethetypeswrong/cli, and what issue 11 asked
// for: LICENSE, README and CHANGELOG inside, no source maps, no `workspace:` range left. Exits 1 on any problem.
// `--ignore-scripts` packs the dist/ already built (CI builds once before).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { packPackage, packageDirs, tempProject, workspaceRoot } from './packed-install.mjs';

const build = !process.argv.includes('--ignore-scripts');
const bin = (name) => join(workspaceRoot, 'node_modules', '.bin', name);
const problems = [];

function run(label, command, args) {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    problems.push(`${label}:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

const out = tempProject('modelroute-check-packages-');
try {
  for (const dir of packageDirs) {
    const tarball = packPackage(dir, out.dir, { build });
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    const manifest = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
    for (const required of ['package/LICENSE', 'package/README.md', 'package/CHANGELOG.md', 'package/dist/index.js'])
      if (!files.includes(required)) problems.push(`${dir}: the tarball has no ${required.slice(8)}`);
    const maps = files.filter((f) => f.endsWith('.map'));
    if (maps.length > 0) problems.push(`${dir}: the tarball ships source maps: ${maps.join(', ')}`);
    if (manifest.includes('workspace:')) problems.push(`${dir}: the packed package.json keeps a workspace: range`);
    run(`${dir}: publint`, bin('publint'), ['run', tarball, '--strict']);
    // core's two JSON data entries resolve under node16 and bundler, not under TypeScript's legacy node10
    // resolution, which ignores exports maps (the code entries carry typesVersions for it).
    const dataEntries =
      dir === 'core' ? ['--exclude-entrypoints', 'rollout.schema.json', 'hash-test-vectors.json'] : [];
    run(`${dir}: attw`, bin('attw'), [tarball, '--format', 'ascii', ...dataEntries]);
    console.log(`checked ${dir} (${files.length} files)`);
  }
} finally {
  out.remove();
}
if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s) in the packed packages:\n\n${problems.join('\n\n')}`);
  process.exit(1);
}
console.log('packages: publint and attw found no problem; every tarball has LICENSE, README, CHANGELOG');
