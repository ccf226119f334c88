import { readFile, writeFile } from 'node:fs/promises';
import { defineConfig, type Options } from 'tsup';

// Three builds into dist/ (`pnpm build` empties it first: they run side by side, so none of them cleans):
// the entries that stand alone, the router with the decision loop's entries, and the declarations.
const common: Options = {
  format: ['esm', 'cjs'],
  clean: false,
  // No source maps in the tarball: with their embedded sources they were more than half of it.
  sourcemap: false,
  target: 'node20',
  treeshake: true,
  // import.meta.url in the CommonJS build (otel-logs loads its optional peer with createRequire).
  shims: true,
  // eventemitter3's code is bundled: its ESM entry wraps CommonJS, and an ESM import of it started Node's CommonJS
  // loader and module lexer (a fifth of the import); it stays a dependency for its types. So does
  // @modelroute/stats (released with core, pure functions and plain classes, no state to share): bundled,
  // the import skips resolving and loading a second package (bench/footprint.bench.mjs).
  noExternal: ['eventemitter3', '@modelroute/stats'],
  // Whitespace and syntax only (names stay, so stack traces still name our functions): the bundle is 30%
  // smaller and parses faster; the import cost fell by about a third in bench/footprint.bench.mjs.
  esbuildOptions(options, { format }) {
    options.minifyWhitespace = true;
    options.minifySyntax = true;
    // What core loads on first need (the router, @opentelemetry/api, xxhash-wasm) it loads with
    // import() in the ESM build and require() in the CommonJS one, so CommonJS hosts without ESM support
    // (Jest's default VM) can run it.
    if (format === 'cjs') options.supported = { ...options.supported, 'dynamic-import': false };
  },
};

// The public entries that stand alone, one file each; and the decision loop's toolkit (experiment analysis;
// staged controller and promotion gate), entries of their own so that the root does not compile them.
const standalone = {
  index: 'src/index.ts',
  testing: 'src/testing.ts',
  spec: 'src/spec.ts',
  'source-kit': 'src/source-kit.ts',
  'otel-logs': 'src/shadow/otel-logs-sink.ts',
};
const decisionLoop = { experiment: 'src/experiment.ts', controller: 'src/controller.ts' };

export default defineConfig([
  // Each entry in one file of its own, sharing no chunk: Node's ESM loader pays for every file it loads,
  // and split into the chunks it shared with the other entries (eight files) the root's import cost
  // about 9 ms of CPU more than the same code in one file (bench/footprint.bench.mjs). What they share
  // with each other and the router is stateless, and ModelrouteError is recognised across copies (a
  // brand). The router's code is not in the root: createRouter loads it (router/lazy-create-router.ts).
  {
    ...common,
    entry: standalone,
    dts: false,
    splitting: false,
    // esbuild writes the root's CommonJS load of the router as `__require("./create-router.cjs")`, a helper
    // call that an application's bundler does not follow: a CommonJS app bundled with esbuild then failed
    // with "Cannot find module './create-router.cjs'". A plain require() is one it follows.
    onSuccess: () => plainRequireOfRouter('dist/index.cjs'),
    esbuildPlugins: [
      {
        // router/lazy-create-router.ts imports the router on the first createRouter call: the second
        // build's `create-router` entry, beside this file.
        name: 'router-beside',
        setup(build) {
          const extension = build.initialOptions.outExtension?.['.js'] ?? '.js';
          build.onResolve({ filter: /^\.\/create-router\.js$/ }, (args) =>
            args.kind === 'dynamic-import' ? { path: `./create-router${extension}`, external: true } : undefined,
          );
        },
      },
    ],
  },
  // The router and the decision loop's entries, with the chunks they share: one copy of each class (a
  // router's VersionSummary is the one '@modelroute/core/experiment' exports), in the CommonJS build too.
  {
    ...common,
    entry: {
      ...decisionLoop,
      // Not an entry of the package's exports: what createRouter loads (router/lazy-create-router.ts).
      'create-router': 'src/router/create-router.ts',
    },
    dts: false,
    splitting: true,
  },
  // The declarations of every public entry, from one build, so that the types they share are one type.
  {
    entry: { ...standalone, ...decisionLoop },
    format: ['esm', 'cjs'],
    clean: false,
    dts: { only: true },
  },
]);

/** Rewrites the root's CommonJS load of the router to a plain `require()`; fails the build if it is not there. */
async function plainRequireOfRouter(file: string): Promise<void> {
  const code = await readFile(file, 'utf8');
  const helperCall = '__require("./create-router.cjs")';
  if (!code.includes(helperCall)) throw new Error(`${file}: no ${helperCall} to rewrite; check the router's lazy load`);
  await writeFile(file, code.replaceAll(helperCall, 'require("./create-router.cjs")'));
}
