// Packs the workspace's packages the way a release does (`pnpm pack`: `prepack` builds, `workspace:^`
// becomes a version range) and installs the tarballs into a fresh npm project outside the workspace.
// Used by the footprint benchmark (bench/footprint.bench.mjs) and the packaging tests (test/packaging).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The published packages, by folder under packages/. */
export const packageDirs = ['core', 'stats', 'cli', 'launchdarkly', 'openfeature', 'worker'];

/**
 * Packs `packages/<dir>` with pnpm into `destination` and returns the tarball's path. `prepack` builds the
 * package first unless `build` is false (the caller has just built it).
 */
export function packPackage(dir, destination, { build = true } = {}) {
  mkdirSync(destination, { recursive: true });
  const before = new Set(readdirSync(destination));
  execFileSync('pnpm', ['pack', '--pack-destination', destination], {
    cwd: join(workspaceRoot, 'packages', dir),
    stdio: ['ignore', 'ignore', 'inherit'],
    // pnpm pack has no --ignore-scripts flag; its config setting skips prepack all the same.
    env: build ? process.env : { ...process.env, npm_config_ignore_scripts: 'true' },
  });
  const created = readdirSync(destination).filter((f) => f.endsWith('.tgz') && !before.has(f));
  if (created.length !== 1) throw new Error(`pnpm pack of packages/${dir} made ${created.length} tarballs`);
  return join(destination, created[0]);
}

/** A fresh temporary folder outside the workspace; `remove()` deletes it. */
export function tempProject(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Writes a package.json into `dir` and runs `npm install` of `specs` (tarball paths or registry names):
 * the way a user installs the published packages, with npm's cache (and the registry for the peers).
 */
export function npmInstall(dir, specs, { type = 'module' } = {}) {
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type }, null, 2)}\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline', ...specs], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
