// The packages as a user gets them: the five tarballs packed by pnpm (as a release packs them) and
// installed with npm into a fresh project outside the workspace, once for this file. In it, core's
// README quick start runs as ESM, as CommonJS and as TypeScript (strict, node16 and bundler resolution,
// compiled with the workspace's tsc against the installed .d.ts/.d.cts), and the installed `modelroute`
// binary validates, shows and rolls back the quick start's rollout file.
import { execFileSync, spawnSync, type ExecFileSyncOptions } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmInstall, packageDirs, packPackage, tempProject, workspaceRoot } from '../../scripts/packed-install.mjs';

const readme = readFileSync(join(workspaceRoot, 'packages/core/README.md'), 'utf8');
const quickStartSection = readme.slice(readme.indexOf('## Quick start'));
/** The rollout.json of the quick start: its first json block. */
const rolloutJson = /```json\n([\s\S]*?)```/.exec(quickStartSection)![1]!;
/** The quick start's code: the ts block between the quick-start markers. */
const quickStart = /<!-- quick-start:start[^>]*-->\n```ts\n([\s\S]*?)```\n<!-- quick-start:end -->/.exec(readme)![1]!;
const importLine = "import { createRouter, fileSource } from '@modelroute/core';";

/** The same program for CommonJS: `require` at the top, the rest in an async function. */
const asCommonJs = (code: string, top: string) => `${top}\n(async () => {\n${code.replace(importLine, '')}\n})();\n`;
/** Types stripped, as a JavaScript user writes it. */
const javaScript = (code: string, module: ts.ModuleKind) =>
  ts.transpileModule(code, { compilerOptions: { module, target: ts.ScriptTarget.ES2022 } }).outputText;

const expected = /^score [\d.]+ from (fraud-v3|fraud-v4) \(weighted\)$/m;
const tsc = join(workspaceRoot, 'node_modules/typescript/bin/tsc');
const project = tempProject('modelroute-packaging-');
const app = join(project.dir, 'app');
const run = (command: string, args: string[], options: ExecFileSyncOptions = {}): string =>
  execFileSync(command, args, { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options }) as string;

beforeAll(() => {
  for (const dir of packageDirs)
    if (!existsSync(join(workspaceRoot, 'packages', dir, 'dist/index.js')))
      throw new Error(`packages/${dir} is not built: run \`pnpm build\` first (\`pnpm test\` does)`);
  // `pnpm test` has just built every package, so prepack's build is skipped here (CI's check:packages runs it).
  const tarballs = packageDirs.map((dir) => packPackage(dir, project.dir, { build: false }));
  run('mkdir', [app], { cwd: project.dir });
  npmInstall(app, [...tarballs, '@opentelemetry/api@^1.9.0', '@types/node@^20']);
  writeFileSync(join(app, 'rollout.json'), rolloutJson);
}, 600_000);

afterAll(() => project.remove());

describe("the packed packages, installed with npm into a fresh project: core's README quick start", () => {
  const variants: string[] = [];
  const answered = (stdout: string) => {
    const match = expected.exec(stdout);
    expect(match, stdout).not.toBeNull();
    variants.push(match![1]!);
  };

  it('runs as ESM (.mjs)', () => {
    writeFileSync(join(app, 'quickstart.mjs'), javaScript(quickStart, ts.ModuleKind.ESNext));
    answered(run(process.execPath, ['quickstart.mjs']));
  });

  it('runs as CommonJS (.cjs, require)', () => {
    const code = asCommonJs(quickStart, "const { createRouter, fileSource } = require('@modelroute/core');");
    writeFileSync(join(app, 'quickstart.cjs'), javaScript(code, ts.ModuleKind.CommonJS));
    answered(run(process.execPath, ['quickstart.cjs']));
  });

  for (const resolution of ['node16', 'bundler'] as const) {
    it(`compiles as strict TypeScript with module/moduleResolution ${resolution} and runs`, () => {
      const files = ['quickstart.ts'];
      writeFileSync(join(app, 'quickstart.ts'), quickStart);
      if (resolution === 'node16') {
        // A .cts file resolves the package's require condition: the .d.cts types.
        writeFileSync(join(app, 'quickstart-cjs.cts'), asCommonJs(quickStart, importLine));
        files.push('quickstart-cjs.cts');
      }
      const outDir = `out-${resolution}`;
      const compilerOptions = {
        strict: true,
        target: 'es2022',
        module: resolution === 'node16' ? 'node16' : 'esnext',
        moduleResolution: resolution,
        types: ['node'],
        outDir,
        skipLibCheck: false,
      };
      writeFileSync(join(app, `tsconfig.${resolution}.json`), JSON.stringify({ compilerOptions, files }, null, 2));
      try {
        run(process.execPath, [tsc, '-p', `tsconfig.${resolution}.json`]);
      } catch (error) {
        throw new Error(`tsc (${resolution}) failed:\n${(error as { stdout?: string }).stdout}`);
      }
      answered(run(process.execPath, [join(outDir, 'quickstart.js')]));
      if (resolution === 'node16') answered(run(process.execPath, [join(outDir, 'quickstart-cjs.cjs')]));
    }, 300_000); // tsc checks @types/node and our .d.ts (skipLibCheck off): slow on a loaded machine
  }

  it('sends the quick start user to the same model in every one of those processes', () => {
    expect(variants.length).toBe(5);
    expect(new Set(variants).size).toBe(1);
  });
});

// What `import '@modelroute/core'` loads at once (issue 11's import budget; the time is measured in
// bench/footprint.bench.mjs): @opentelemetry/api, xxhash-wasm and node:crypto are loaded on first need.
// Node's own loader logs (NODE_DEBUG=esm,module) say which files each phase loaded, whatever the format.
describe('importing the installed @modelroute/core', () => {
  const probe = `
    console.error('@@ imported', process.moduleLoadList.includes('NativeModule crypto') ? 'crypto' : '');
    const { createRouter, staticSource } = core;
    const router = await createRouter({
      route: 'r', models: { a: () => 1 }, fallback: 'a',
      source: staticSource({ routes: { r: { champion: 'a', weights: { a: 1 } } } }),
    });
    await router.close();
    console.error('@@ routed', process.moduleLoadList.includes('NativeModule crypto') ? 'crypto' : '');`;

  it.each([
    ['ESM', 'probe.mjs', `import * as core from '@modelroute/core';\n${probe}`],
    ['CommonJS', 'probe.cjs', `const core = require('@modelroute/core');\n(async () => {${probe}})();`],
  ])(
    'as %s loads neither the router, @opentelemetry/api, xxhash-wasm nor node:crypto; createRouter loads what it needs',
    (kind, file, code) => {
      writeFileSync(join(app, file), code);
      const child = spawnSync(process.execPath, [file], {
        cwd: app,
        encoding: 'utf8',
        env: { ...process.env, NODE_DEBUG: 'esm,module' },
      });
      expect(child.status, child.stderr).toBe(0);
      const [beforeImport = '', rest = ''] = child.stderr.split(/^@@ imported/m);
      const [imported = '', afterRouter = ''] = rest.split(/^@@ routed/m);
      // The ES module build keeps the router's code (most of the package) in its own file, which the first
      // createRouter loads; the CommonJS build is one file.
      const routerCode = /@modelroute\/core\/dist\/create-router-[\w-]+\.js/;
      const loaded = (log: string) => ({
        otel: log.includes('node_modules/@opentelemetry/api/'),
        xxhash: log.includes('node_modules/xxhash-wasm/'),
        ...(kind === 'ESM' ? { router: routerCode.test(log) } : {}),
      });
      expect(beforeImport).toContain('node_modules/@modelroute/core/'); // the log does show what is loaded
      expect(loaded(beforeImport)).toEqual({
        otel: false,
        xxhash: false,
        ...(kind === 'ESM' ? { router: false } : {}),
      });
      expect(imported.startsWith(' crypto')).toBe(false);
      // Without a meterProvider the router watches the global provider: the API is loaded, and the hasher;
      // no pseudonym was made, so node:crypto still is not.
      expect(loaded(imported)).toEqual({ otel: true, xxhash: true, ...(kind === 'ESM' ? { router: true } : {}) });
      expect(afterRouter.startsWith(' crypto')).toBe(false);
    },
  );

  it("has no import() in the CommonJS build: a CommonJS host without ESM support (Jest's default VM) runs it", () => {
    const dist = join(app, 'node_modules/@modelroute/core/dist');
    const cjs = readdirSync(dist).filter((f) => f.endsWith('.cjs'));
    expect(cjs.length).toBeGreaterThan(0);
    for (const file of cjs) expect(readFileSync(join(dist, file), 'utf8'), file).not.toMatch(/\bimport\(/);
  });
});

describe('the installed `modelroute` binary', () => {
  it('is on the project bin path (npx modelroute) and validates, shows and rolls back the quick start file', () => {
    const npx = (...args: string[]) => run('npx', ['--no-install', 'modelroute', ...args]);
    expect(npx('--version').trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(npx('validate', 'rollout.json')).toContain('fraud-score');
    expect(npx('status', 'rollout.json')).toContain('fraud-v4');
    npx('rollback', 'rollout.json', 'fraud-score', '--reason', 'packaging test');
    const doc = JSON.parse(readFileSync(join(app, 'rollout.json'), 'utf8'));
    expect(doc.routes['fraud-score'].weights).toEqual({ 'fraud-v3': 100, 'fraud-v4': 0 });
    expect(readFileSync(join(app, 'rollout.json.audit.log'), 'utf8')).toContain('packaging test');
  });
});
