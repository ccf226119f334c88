// `pnpm check:boundaries`: the one-way layering inside packages/core/src (DESIGN.md, "Layering inside core").
//
//   controller/                                   drives routers: may import anything below
//   router/                                       orchestrates: may import every concern and the bottom
//   guard/ shadow/ telemetry/ sources/
//   experiment/ review/ worker/ gate/             concerns: import only the bottom (and a listed peer)
//   rollout/ assignment/ clock/ errors/ vocabulary/   the bottom: imports only the bottom
//
// Tests (`*.test.ts`, `*.test-support.ts`) may cross layers: they drive the public API.
const CORE = '^packages/core/src/';
const TESTS = '\\.test(-support)?\\.ts$';
const CONCERNS = ['guard', 'shadow', 'telemetry', 'sources', 'experiment', 'review', 'worker', 'gate'];
const BOTTOM = ['rollout', 'assignment', 'clock', 'errors', 'vocabulary'];

// A concern may import a peer concern only when it is listed here, e.g. { experiment: ['telemetry'] }.
const PEERS = { review: ['experiment'], gate: ['experiment'] }; // review reads the experiment's Analysis (metric regression)

const folder = (names) => `${CORE}(${names.join('|')})/`;

module.exports = {
  forbidden: [
    {
      name: 'concern-imports-router',
      comment: 'A concern never imports the router (or the controller above it): move the shared type to vocabulary/.',
      severity: 'error',
      from: { path: folder([...CONCERNS, ...BOTTOM]), pathNot: TESTS },
      to: { path: folder(['router', 'controller']) },
    },
    {
      name: 'router-imports-controller',
      comment: 'The controller drives a router; the router never imports it.',
      severity: 'error',
      from: { path: folder(['router']), pathNot: TESTS },
      to: { path: folder(['controller']) },
    },
    ...CONCERNS.map((concern) => ({
      name: `${concern}-imports-a-peer-concern`,
      comment: `${concern}/ imports only the bottom layer (${BOTTOM.join(', ')}); list a peer in PEERS in .dependency-cruiser.cjs if it must.`,
      severity: 'error',
      from: { path: folder([concern]), pathNot: TESTS },
      to: { path: folder(CONCERNS.filter((c) => c !== concern && !(PEERS[concern] ?? []).includes(c))) },
    })),
    {
      name: 'bottom-imports-upwards',
      comment: `The bottom layer (${BOTTOM.join(', ')}) imports only itself.`,
      severity: 'error',
      from: { path: folder(BOTTOM), pathNot: TESTS },
      to: { path: folder([...CONCERNS, 'router', 'controller']) },
    },
    {
      name: 'index-only-at-the-top',
      comment: 'Entry files (src/index.ts, src/testing.ts, ...) are for users: no module inside core imports them.',
      severity: 'error',
      from: { path: `${CORE}[^/]+/`, pathNot: TESTS },
      to: { path: `${CORE}[^/]+\\.ts$` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules|/dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
