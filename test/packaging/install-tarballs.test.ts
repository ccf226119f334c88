// The packages as a user gets them: the six tarballs packed by pnpm (as a release packs them) and
// installed with npm into a fresh project outside the workspace, once for this file. In it, core's
// README quick start runs as ESM, as CommonJS and as TypeScript (strict, node16 and bundler resolution,
// compiled with the workspace's tsc against the installed .d.ts/.d.cts), and the installed `modelroute`
// binary validates, shows and rolls back the quick start's rollout file.
import { execFileSync, spawnSync, type ExecFileSyncOptions } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
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

  it.each([
    ['CommonJS', 'cjs', "const { createRouter, fileSource } = require('@modelroute/core');"],
    ['ES module', 'esm', importLine],
  ] as const)(
    'runs as a %s app bundled with esbuild into one file elsewhere (the router file goes with it)',
    async (_kind, format, top) => {
      const source = format === 'cjs' ? asCommonJs(quickStart, top) : quickStart;
      const entry = join(app, `bundled-${format}.ts`);
      writeFileSync(entry, source);
      const outfile = join(app, 'bundle', `app-${format}.${format === 'cjs' ? 'cjs' : 'mjs'}`);
      // @opentelemetry/api and xxhash-wasm stay packages the bundle requires from node_modules, as an app does.
      await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format, outfile, logLevel: 'error' });
      answered(run(process.execPath, [outfile]));
    },
  );

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

  it('types the moved classes as types only at the root: a value import fails to compile, as it fails to run', () => {
    const code = [
      "import * as core from '@modelroute/core';",
      "import { KpiWindow as Window } from '@modelroute/core/controller';",
      "import { MetricSummary as Metric, VersionSummary as Version } from '@modelroute/core/experiment';",
      'export const values = [Window, Metric, Version];',
      'export type Types = [core.KpiWindow, core.MetricSummary, core.VersionSummary];',
      '// @ts-expect-error a value of @modelroute/core/controller only',
      'export const a = core.KpiWindow;',
      '// @ts-expect-error a value of @modelroute/core/experiment only',
      'export const b = core.MetricSummary;',
      '// @ts-expect-error a value of @modelroute/core/experiment only',
      'export const c = core.VersionSummary;',
    ].join('\n');
    writeFileSync(join(app, 'types-only.ts'), code);
    const compilerOptions = {
      strict: true,
      noEmit: true,
      target: 'es2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      types: ['node'],
    };
    writeFileSync(join(app, 'tsconfig.types-only.json'), JSON.stringify({ compilerOptions, files: ['types-only.ts'] }));
    try {
      run(process.execPath, [tsc, '-p', 'tsconfig.types-only.json']);
    } catch (error) {
      throw new Error(`tsc failed:\n${(error as { stdout?: string }).stdout}`);
    }
  }, 300_000);

  it('sends the quick start user to the same model in every one of those processes', () => {
    expect(variants.length).toBe(7);
    expect(new Set(variants).size).toBe(1);
  });
});

// What `import '@modelroute/core'` loads at once (issue 11's import budget; the time is measured in
// bench/footprint.bench.mjs): @opentelemetry/api, xxhash-wasm, node:crypto and the experiment, review and
// gate code (with @modelroute/stats, bundled) are loaded on first need. Node's own loader logs
// (NODE_DEBUG=esm,module) say which files each phase loaded, whatever the format.
describe('importing the installed @modelroute/core', () => {
  const dist = join(app, 'node_modules/@modelroute/core/dist');
  /** Whether a file of core's dist that `log` shows loaded holds the experiment code (its analysis, its tracker). */
  const experimentCode = (log: string) =>
    [...log.matchAll(/node_modules\/@modelroute\/core\/dist\/([\w.-]+\.c?js)\b/g)].some(([, file]) =>
      /\bfunction analyzeExperiment\(|\bclass ExperimentTracker\b/.test(readFileSync(join(dist, file!), 'utf8')),
    );
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
    'as %s loads neither the router, the experiment code, @opentelemetry/api, xxhash-wasm nor node:crypto; createRouter loads what it needs',
    (_kind, file, code) => {
      writeFileSync(join(app, file), code);
      const child = spawnSync(process.execPath, [file], {
        cwd: app,
        encoding: 'utf8',
        env: { ...process.env, NODE_DEBUG: 'esm,module' },
      });
      expect(child.status, child.stderr).toBe(0);
      const [beforeImport = '', rest = ''] = child.stderr.split(/^@@ imported/m);
      const [imported = '', afterRouter = ''] = rest.split(/^@@ routed/m);
      // The router's code (most of the package) is a file of its own in either build, which the first
      // createRouter loads.
      const routerCode = /@modelroute\/core\/dist\/create-router\.c?js\b/;
      const loaded = (log: string) => ({
        otel: log.includes('node_modules/@opentelemetry/api/'),
        xxhash: log.includes('node_modules/xxhash-wasm/'),
        router: routerCode.test(log),
        experiment: experimentCode(log),
      });
      expect(beforeImport).toContain('node_modules/@modelroute/core/'); // the log does show what is loaded
      expect(loaded(beforeImport)).toEqual({ otel: false, xxhash: false, router: false, experiment: false });
      expect(imported.startsWith(' crypto')).toBe(false);
      // Without a meterProvider the router watches the global provider: the API is loaded, and the hasher,
      // and the experiment code (always: a later document may add an experiment); no pseudonym was made,
      // so node:crypto still is not.
      expect(loaded(imported)).toEqual({ otel: true, xxhash: true, router: true, experiment: true });
      expect(afterRouter.startsWith(' crypto')).toBe(false);
    },
  );

  it("has no import() in the CommonJS build: a CommonJS host without ESM support (Jest's default VM) runs it", () => {
    const cjs = readdirSync(dist).filter((f) => f.endsWith('.cjs'));
    expect(cjs.length).toBeGreaterThan(0);
    for (const file of cjs) expect(readFileSync(join(dist, file), 'utf8'), file).not.toMatch(/\bimport\(/);
  });
});

// The decision loop's own entries share the router's code, in either format: the summary a router returns
// is an instance of the class '@modelroute/core/experiment' exports (one copy of each class and error).
describe("the installed @modelroute/core's /experiment and /controller entries", () => {
  const probe = `
    const router = await createRouter({
      route: 'r', models: { a: () => 1, b: () => 2 }, fallback: 'a', meterProvider: { getMeter: () => ({}) },
      source: staticSource({ routes: { r: { champion: 'a', weights: { a: 50, b: 50 }, experiment: {
        metrics: [{ name: 'm', kind: 'proportion', direction: 'increase', mde: 0.1, role: 'primary' }] } } } }),
    });
    for (let i = 0; i < 100; i++) { await router.predict(i, { unit: 'u' + i }); router.track('m', i % 2, { unit: 'u' + i }); }
    const summary = router.experimentSummary();
    const analysis = analyzeExperiment(summary.figures());
    let error;
    // A ModelrouteError thrown by the controller entry's code is one for the root's isModelrouteError.
    await memoryWriter({ source: undefined, document: { routes: {} } }).write({ route: 'r' }).catch((e) => (error = e));
    console.log(JSON.stringify({
      sameClass: summary instanceof VersionSummary,
      sameAnalysis: JSON.stringify([analysis.srm, analysis.metrics]) === JSON.stringify([router.analysis().srm, router.analysis().metrics]),
      controller: [typeof rolloutController, typeof evaluateGate, typeof KpiWindow, typeof promoteWhenReady],
      sameError: isModelrouteError(error),
      // Logs and error reporters name an error by its class: the bundled copies keep the name.
      names: [error.constructor.name, ModelrouteError.name],
    }));
    await router.close();`;
  const names = {
    core: 'createRouter, staticSource, isModelrouteError, ModelrouteError',
    experiment: 'analyzeExperiment, VersionSummary',
    controller: 'rolloutController, memoryWriter, evaluateGate, KpiWindow, promoteWhenReady',
  };

  it.each([
    [
      'ESM',
      'entries.mjs',
      `import { ${names.core} } from '@modelroute/core';
       import { ${names.experiment} } from '@modelroute/core/experiment';
       import { ${names.controller} } from '@modelroute/core/controller';
       ${probe}`,
    ],
    [
      'CommonJS',
      'entries.cjs',
      `const { ${names.core} } = require('@modelroute/core');
       const { ${names.experiment} } = require('@modelroute/core/experiment');
       const { ${names.controller} } = require('@modelroute/core/controller');
       (async () => {${probe}})();`,
    ],
  ])('as %s: one copy of the classes behind the root and the two entries', (_kind, file, code) => {
    writeFileSync(join(app, file), code);
    expect(JSON.parse(run(process.execPath, [file]))).toEqual({
      sameClass: true,
      sameAnalysis: true,
      controller: ['function', 'function', 'function', 'function'],
      sameError: true,
      names: ['ModelrouteError', 'ModelrouteError'],
    });
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

// @modelroute/worker as installed: its threads start from the files the tarball ships beside dist/index
// (worker-boot.cjs, worker-entry.mjs, thread-priority.mjs), in either module format; the model module is the
// user's, and imports the package's own move() inside the thread.
describe('the installed @modelroute/worker', () => {
  const model = `
    import { threadId } from 'node:worker_threads';
    import { move } from '@modelroute/worker';
    export default (x) => ({ doubled: x * 2, threadId });
    export const floats = (n) => move(Float32Array.from({ length: n }, (_, i) => i));`;
  const program = `
    const m = workerModel(new URL('./worker-model.mjs', 'file://' + process.cwd() + '/'), { threads: 1, priority: 'low' });
    const floats = workerModel(new URL('./worker-model.mjs', 'file://' + process.cwd() + '/'), { threads: 1, exportName: 'floats' });
    const answer = await m(21);
    const moved = await floats(3);
    await m.close();
    await floats.close();
    console.log(JSON.stringify({ doubled: answer.doubled, offThread: answer.threadId !== 0, moved: [...moved], typed: moved instanceof Float32Array }));`;
  it.each([
    ['ESM', 'worker-app.mjs', `import { workerModel } from '@modelroute/worker';\n${program}`],
    [
      'CommonJS',
      'worker-app.cjs',
      `const { workerModel } = require('@modelroute/worker');\n(async () => {${program}})();`,
    ],
  ])('runs a model on a thread and moves its output back, as %s', (_kind, file, code) => {
    writeFileSync(join(app, 'worker-model.mjs'), model);
    writeFileSync(join(app, file), code);
    expect(JSON.parse(run(process.execPath, [file]).trim())).toEqual({
      doubled: 42,
      offThread: true,
      moved: [0, 1, 2],
      typed: true,
    });
  });
});
